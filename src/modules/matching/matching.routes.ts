// Admin routes for matching rounds: create a draft, list, inspect, move members, publish.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { cursorQuery, errors, idParams, limitQuery, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { toRoundOut, toRoundSummary } from './matching.mapper.js';
import { createRoundBody, modeSchema, moveBody, moveTargetsSchema, publishBody, roundSchema, roundStatusSchema, roundSummarySchema } from './matching.schemas.js';
import type { MatchingService } from './matching.service.js';

const roundCursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
const bearer = [{ bearer: [] }];
const tags = ['matching'];

export const matchingRoutes: FastifyPluginAsyncZod<{ matching: MatchingService }> = async (app, { matching }) => {
  app.post(
    '/admin/matching/rounds',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Draft a matching round (pairs, circles or alliances) with reasons per group',
        description:
          'Errors: 400 INVALID_WEIGHTS, INVALID_GROUP_SIZE, VALIDATION_FAILED; 422 UNKNOWN_MEMBERS, INACTIVE_MEMBERS, NOT_ENOUGH_MEMBERS. ' +
          'Rounds with more members than MATCHING_WORKER_THRESHOLD compute in a worker thread (computedIn: "worker").',
        security: bearer,
        body: createRoundBody,
        response: { 201: roundSchema, ...errors(400, 401, 403, 422, 503) },
      },
    },
    async (request, reply) => {
      const row = await matching.createRound(identityOf(request).memberId, request.body);
      return reply.code(201).send(toRoundOut(row));
    },
  );

  app.get(
    '/admin/matching/rounds',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Matching rounds, newest first (figures only; GET one round for its groups)',
        security: bearer,
        querystring: z.object({ mode: modeSchema.optional(), status: roundStatusSchema.optional(), limit: limitQuery, cursor: cursorQuery }),
        response: { 200: page(roundSummarySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { mode, status, limit, cursor } = request.query;
      const rows = await matching.listRounds({ mode, status, limit: limit + 1, after: decodeCursor(cursor, roundCursor) });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null;
      return { items: items.map(toRoundSummary), nextCursor };
    },
  );

  app.get(
    '/admin/matching/rounds/:id',
    {
      onRequest: app.requireAdmin,
      schema: { tags, summary: 'One matching round with its groups', security: bearer, params: idParams, response: { 200: roundSchema, ...errors(400, 401, 403, 404) } },
    },
    async (request) => toRoundOut(await matching.getRound(request.params.id)),
  );

  app.post(
    '/admin/matching/rounds/:id/moves',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Move a member to another group (index) or out (null); answers the re-scored draft',
        description:
          'A move that breaks a hard rule answers 409 with the rule as code (GROUP_FULL, COMPETITORS, AVOIDED, REPEAT, GROUP_SIZE, NOT_NEARBY, ' +
          'NOT_COMPLEMENTARY) unless sent with override: true and a reason, which is audited. Also 409 ROUND_PUBLISHED, VERSION_CONFLICT; ' +
          '422 UNKNOWN_MEMBER, UNKNOWN_GROUP; 400 REASON_REQUIRED. With dryRun: true it answers the same (the re-scored draft or the error) but saves and audits nothing: ' +
          'the console checks a move before making it.',
        security: bearer,
        params: idParams,
        body: moveBody,
        response: { 200: roundSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => toRoundOut(await matching.move(identityOf(request).memberId, request.params.id, request.body)),
  );

  app.get(
    '/admin/matching/rounds/:id/targets',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Where a member of a draft can go: for every other group and the unmatched list, the hard rules a move there would break (nothing saved)',
        description: 'Judged as POST …/moves would judge each move. 409 ROUND_PUBLISHED; 422 UNKNOWN_MEMBER (not in this round).',
        security: bearer,
        params: idParams,
        querystring: z.object({ memberId: z.uuid('must be a UUID') }),
        response: { 200: moveTargetsSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => matching.moveTargets(request.params.id, request.query.memberId),
  );

  app.post(
    '/admin/matching/rounds/:id/publish',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        summary: 'Publish a draft: each group becomes a circle (members proposed) with its own chat room',
        description:
          'One transaction; of concurrent publishes exactly one wins. 409 ALREADY_PUBLISHED, VERSION_CONFLICT, INACTIVE_MEMBERS, GROUP_TOO_SMALL, ' +
          'EMPTY_ROUND, and STALE_DRAFT when current profiles or newly published rounds make the draft break a hard rule (override: true with a reason publishes anyway).',
        security: bearer,
        params: idParams,
        body: publishBody,
        response: { 200: roundSchema, ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => toRoundOut(await matching.publish(identityOf(request).memberId, request.params.id, request.body ?? {})),
  );
};
