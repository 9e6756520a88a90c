// Agenda and commitment routes: propose and read an occurrence's agenda, order/cover items, record and resolve commitments.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor } from '../../lib/cursor.js';
import { errors, idParams } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import {
  agendaItemBody,
  agendaItemPatch,
  agendaItemSchema,
  agendaSchema,
  commitmentBody,
  commitmentPatch,
  commitmentSchema,
  commitmentsPage,
  commitmentsQuery,
} from './agenda.schemas.js';
import type { AgendaService } from './agenda.service.js';
import { circleParams, occurrenceParams } from './meetings.schemas.js';

const security = [{ bearer: [] }];
const tags = ['meetings'];
const keyset = z.object({ at: z.iso.datetime(), id: z.uuid() });

export const agendaRoutes: FastifyPluginAsyncZod<{ agenda: AgendaService }> = async (app, { agenda }) => {
  app.get(
    '/meetings/:occurrenceId/agenda',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: "An occurrence's agenda: members' commitments due by it as check-ins, then items (carried-over ones included) in order",
        params: occurrenceParams,
        response: { 200: agendaSchema, ...errors(401, 404) },
      },
    },
    async (request) => agenda.getAgenda(identityOf(request), request.params.occurrenceId),
  );

  app.post(
    '/meetings/:occurrenceId/agenda',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Propose an agenda item for an upcoming occurrence (circle members)',
        description: 'Items not covered carry over to the next meeting. `questionId` links a Q&A question of yours that the circle can see.',
        params: occurrenceParams,
        body: agendaItemBody,
        response: { 201: agendaItemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await agenda.propose(identityOf(request), request.params.occurrenceId, request.body)),
  );

  app.patch(
    '/agenda-items/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Edit an agenda item: its author edits the text; the facilitator orders it, marks it covered and writes notes',
        params: idParams,
        body: agendaItemPatch,
        response: { 200: agendaItemSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => agenda.editItem(identityOf(request), request.params.id, request.body),
  );

  app.delete(
    '/agenda-items/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Withdraw an agenda item (its author before it is covered, or the facilitator)',
        params: idParams,
        response: { 204: z.null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await agenda.deleteItem(identityOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/circles/:id/commitments',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Record what I will do by the next meeting (default: the circle\'s next occurrence)',
        params: circleParams,
        body: commitmentBody,
        response: { 201: commitmentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await agenda.commit(identityOf(request), request.params.id, request.body)),
  );

  app.get(
    '/circles/:id/commitments',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: "The circle's commitments, newest first; with ?memberId= also that member's follow-through rate",
        params: circleParams,
        querystring: commitmentsQuery,
        response: { 200: commitmentsPage, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const { cursor, ...rest } = request.query;
      return agenda.listCommitments(identityOf(request), request.params.id, { ...rest, after: decodeCursor(cursor, keyset) });
    },
  );

  app.patch(
    '/commitments/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Check in on my commitment: done, partly or not done, with a note (its author only)',
        params: idParams,
        body: commitmentPatch,
        response: { 200: commitmentSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => agenda.updateCommitment(identityOf(request), request.params.id, request.body),
  );
};
