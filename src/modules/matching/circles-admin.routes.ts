// Admin routes for circles after publishing: list with health, edit, close, backfill suggestions, propose a seat.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errors, idParams, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import {
  adminCircleSchema,
  adminCirclesQuery,
  backfillBody,
  backfillSchema,
  closeCircleBody,
  patchCircleBody,
  proposeSeatBody,
} from './circles-admin.schemas.js';
import type { CirclesAdminService } from './circles-admin.service.js';

const bearer = [{ bearer: [] }];
const tags = ['circles'];

export const circlesAdminRoutes: FastifyPluginAsyncZod<{ circlesAdmin: CirclesAdminService }> = async (app, { circlesAdmin }) => {
  app.get(
    '/admin/circles',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Every circle, newest first, with term, facilitator, members by status and health',
        description:
          'health: below_min (fewer proposed + accepted members than the round asked for), no_meeting_scheduled (no upcoming meeting; reported once a meetings module is wired), ' +
          'inactive (no chat message or seat change for CIRCLE_INACTIVE_WEEKS), ok. ?health= keeps open circles in that state.',
        security: bearer,
        querystring: adminCirclesQuery,
        response: { 200: page(adminCircleSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => circlesAdmin.list(request.query),
  );

  app.get(
    '/admin/circles/:id',
    {
      onRequest: app.requireAdmin,
      schema: { tags, summary: 'One circle as the admin sees it', security: bearer, params: idParams, response: { 200: adminCircleSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => circlesAdmin.get(request.params.id),
  );

  app.patch(
    '/admin/circles/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Rename a circle, set its facilitator (a seated member) or its term (audited)',
        description: '400 INVALID_TERM (end not after start); 409 CIRCLE_CLOSED; 422 NOT_A_MEMBER (facilitator without a seat).',
        security: bearer,
        params: idParams,
        body: patchCircleBody,
        response: { 200: adminCircleSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => circlesAdmin.update(identityOf(request).memberId, request.params.id, request.body),
  );

  app.post(
    '/admin/circles/:id/close',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Close a circle (term over): archived, its chat room read-only, history kept',
        description: 'Before the term ends a reason is required (400 REASON_REQUIRED). 409 ALREADY_CLOSED. Audited.',
        security: bearer,
        params: idParams,
        body: closeCircleBody,
        response: { 200: adminCircleSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => circlesAdmin.close(identityOf(request).memberId, request.params.id, request.body?.reason),
  );

  app.post(
    '/admin/circles/:id/backfill',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: "The engine's suggestions for a circle's open seats, best first, each keeping every hard rule, with reasons",
        description: 'Candidates are active, opted in to the kind, hold no open seat of it, and never had a seat in this circle. 409 CIRCLE_CLOSED.',
        security: bearer,
        params: idParams,
        body: backfillBody,
        response: { 200: backfillSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => circlesAdmin.backfill(request.params.id, request.body?.limit),
  );

  app.post(
    '/admin/circles/:id/members',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Propose a seat in the circle to one member (they accept or decline it as any match)',
        description:
          'Hard rules answer 409 with their own code (COMPETITORS, AVOIDED, REPEAT, NOT_NEARBY, NOT_COMPLEMENTARY, GROUP_FULL, NOT_OPTED_IN) unless sent with override: true and a reason (audited). ' +
          'Never overridable: 409 DOUBLE_BOOKED (an open seat of this kind elsewhere), ALREADY_MEMBER, CIRCLE_CLOSED; 422 UNKNOWN_MEMBER, INACTIVE_MEMBER.',
        security: bearer,
        params: idParams,
        body: proposeSeatBody,
        response: { 201: adminCircleSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await circlesAdmin.proposeSeat(identityOf(request).memberId, request.params.id, request.body)),
  );
};
