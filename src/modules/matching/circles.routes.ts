// Member routes for circles: my circles, one circle, accept, decline.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { cursorQuery, errors, idParams, limitQuery, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import type { CirclesService } from './circles.service.js';
import { toMembership } from './matching.mapper.js';
import { BELONGING_STATUSES } from './membership.js';
import { circleSchema, membershipSchema } from './matching.schemas.js';

const circleCursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
const bearer = [{ bearer: [] }];
const tags = ['circles'];

export const circlesRoutes: FastifyPluginAsyncZod<{ circles: CirclesService }> = async (app, { circles }) => {
  app.get(
    '/me/circles',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'My circles (proposed and accepted by default), newest first, with members, reasons and unread counts',
        security: bearer,
        querystring: z.object({
          status: z.enum(['proposed', 'accepted', 'declined']).optional().meta({ description: 'Only circles where my membership has this status' }),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        response: { 200: page(circleSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const statuses = status ? [status] : BELONGING_STATUSES;
      const items = await circles.myCircles(identityOf(request).memberId, { statuses: [...statuses], limit: limit + 1, after: decodeCursor(cursor, circleCursor) });
      const shown = items.slice(0, limit);
      const last = shown[shown.length - 1];
      return { items: shown, nextCursor: items.length > limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
    },
  );

  app.get(
    '/circles/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'One circle: for its members and admins (anyone else 404)',
        security: bearer,
        params: idParams,
        response: { 200: circleSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => circles.getCircle(identityOf(request), request.params.id),
  );

  app.post(
    '/circles/:id/accept',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Accept a proposed circle (idempotent); 409 ALREADY_DECLINED after a decline',
        security: bearer,
        params: idParams,
        response: { 200: membershipSchema, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => toMembership(await circles.accept(identityOf(request).memberId, request.params.id)),
  );

  app.post(
    '/circles/:id/decline',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Decline (or leave) a circle (idempotent): frees you for the next round and leaves its chat room',
        security: bearer,
        params: idParams,
        response: { 200: membershipSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => toMembership(await circles.decline(identityOf(request).memberId, request.params.id)),
  );
};
