// Alliance ledger routes: my ledger, one alliance (its parties only), confirm, reviews, CSV export, admin statistics.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { errors, idParams } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { allianceSchema, createAllianceBody, ledgerQuery, patchAllianceBody, reviewBody, reviewSchema, statsSchema } from './alliances.schemas.js';
import type { AlliancesService } from './alliances.service.js';

const security = [{ bearer: [] }];
const tags = ['alliances'];
const keyset = z.object({ at: z.iso.datetime(), id: z.uuid() });

export const alliancesRoutes: FastifyPluginAsyncZod<{ alliances: AlliancesService }> = async (app, { alliances }) => {
  const me = (request: Parameters<typeof identityOf>[0]) => identityOf(request).memberId;

  app.get(
    '/me/alliances',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'My alliance ledger (alliances I entered and those a member entered with me), newest first',
        querystring: ledgerQuery,
        response: { 200: z.object({ items: z.array(allianceSchema), nextCursor: z.string().nullable() }), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const after = decodeCursor(cursor, keyset);
      const page = await alliances.ledger(me(request), { limit, ...(status ? { status } : {}), ...(after ? { after } : {}) });
      return { items: page.items, nextCursor: page.last ? encodeCursor(page.last) : null };
    },
  );

  app.post(
    '/me/alliances',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Add an alliance: with a member (shared, proposed until they confirm, with its own room) or an outside organisation (active at once)',
        description: 'A competitor partner is allowed (it is your own list) and answered with a COMPETITOR warning.',
        body: createAllianceBody,
        response: { 201: allianceSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await alliances.create(me(request), request.body)),
  );

  app.get(
    '/me/alliances/export.csv',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'My ledger as CSV (UTF-8 with BOM, CRLF; cells that a spreadsheet would run as a formula start with an apostrophe)',
        response: { 200: z.string().meta({ description: 'text/csv' }), ...errors(401) },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="alliances.csv"')
        .serializer((payload) => payload as string)
        .send(await alliances.exportCsv(me(request))),
  );

  app.get(
    '/alliances/:id',
    {
      onRequest: app.requireMember,
      schema: { tags, security, summary: 'One alliance (its parties only), with both sides\' latest reviews when shared', params: idParams, response: { 200: allianceSchema, ...errors(401, 404) } },
    },
    async (request) => alliances.get(me(request), request.params.id),
  );

  app.patch(
    '/alliances/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Change type, dates, cadence, status (pause, resume, end: either party) or my private notes',
        params: idParams,
        body: patchAllianceBody,
        response: { 200: allianceSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => alliances.update(me(request), request.params.id, request.body),
  );

  app.delete(
    '/alliances/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Remove an outside alliance from my ledger; a shared alliance is ended for both parties instead',
        params: idParams,
        response: { 204: z.null(), ...errors(401, 404) },
      },
    },
    async (request, reply) => {
      await alliances.remove(me(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/alliances/:id/confirm',
    {
      onRequest: app.requireMember,
      schema: { tags, security, summary: 'Confirm a shared alliance proposed to me; it becomes active', params: idParams, response: { 200: allianceSchema, ...errors(401, 404, 409) } },
    },
    async (request) => alliances.confirm(me(request), request.params.id),
  );

  app.post(
    '/alliances/:id/reviews',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Record a review: benefit to me and to the partner (1–5), referrals, what to change (private)',
        params: idParams,
        body: reviewBody,
        response: { 201: reviewSchema, ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await alliances.addReview(me(request), request.params.id, request.body)),
  );

  app.get(
    '/alliances/:id/reviews',
    {
      onRequest: app.requireMember,
      schema: { tags, security, summary: "Both parties' reviews, newest first (the other party's notes are withheld)", params: idParams, response: { 200: z.object({ items: z.array(reviewSchema) }), ...errors(401, 404) } },
    },
    async (request) => ({ items: await alliances.reviews(me(request), request.params.id) }),
  );

  app.get(
    '/admin/alliances/stats',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Counts by type and status, overdue reviews (never a private note); `state` narrows to owners practising in that state',
        querystring: z.object({ state: z.string().trim().min(1).max(64).optional() }).strict(),
        response: { 200: statsSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => alliances.adminStats(request.query.state),
  );
};
