// Admin moderation routes: the review queue and its decisions, hide/restore, suspensions, question locks, circle removals, the audit log.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { errors, idParams, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { adminMemberSchema } from '../members/member.schemas.js';
import { toAdminMember } from '../members/members.mapper.js';
import {
  auditEntrySchema,
  auditQuery,
  contentBody,
  contentStateSchema,
  keysetCursor,
  optionalReasonBody,
  queueItemSchema,
  queueQuery,
  resolveBody,
  resolveResponse,
  suspendBody,
  unsuspendBody,
} from './moderation.schemas.js';
import type { ModerationService } from './moderation.service.js';
import { toAdminReport, toAuditEntry, toContentState, toQueueItem } from './moderation.views.js';
import { pageOf } from './reports.routes.js';

const bearer = [{ bearer: [] }];
const tags = ['moderation'];
const queueCursor = keysetCursor.extend({ s: z.enum(['open', 'resolved', 'all']) });

export const adminModerationRoutes: FastifyPluginAsyncZod<{ moderation: ModerationService }> = async (app, { moderation }) => {
  app.addHook('onRequest', app.requireAdmin);

  app.get(
    '/admin/reports',
    {
      schema: {
        tags,
        summary: 'The review queue: one item per reported target with its content, author, reports and past actions',
        description: 'status=open (default) lists the oldest first; resolved and all list the most recently reported first.',
        security: bearer,
        querystring: queueQuery,
        response: { 200: page(queueItemSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, targetType, targetId, limit, cursor } = request.query;
      const after = decodeCursor(cursor, queueCursor);
      if (after && after.s !== status) throw Errors.invalidCursor();
      const items = await moderation.queue({ status, targetType, targetId, limit: limit + 1, after });
      const shown = items.slice(0, limit);
      const last = shown[shown.length - 1];
      const at = last ? (status === 'open' ? last.group.firstAt : last.group.lastAt) : null;
      return {
        items: shown.map(toQueueItem),
        nextCursor: items.length > limit && last && at ? encodeCursor({ s: status, at: at.toISOString(), id: last.group.targetId }) : null,
      };
    },
  );

  app.post(
    '/admin/reports/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Decide on a report (and every open report on the same target): dismiss, hide, remove, warn or suspend',
        description:
          'dismiss restores content that reports auto-hid; hide and remove apply to content only; warn sends the author (or the reported member) a notice; suspend takes an optional future `until`.',
        security: bearer,
        params: idParams,
        body: resolveBody,
        response: { 200: resolveResponse, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { report, resolvedReportIds } = await moderation.resolve(identityOf(request).memberId, request.params.id, request.body);
      return { report: toAdminReport(report), resolvedReportIds };
    },
  );

  for (const verb of ['hide', 'restore'] as const) {
    app.post(
      `/admin/content/${verb}`,
      {
        schema: {
          tags,
          summary: verb === 'hide' ? 'Hide content from members (admins still see it, marked hidden)' : 'Restore hidden content',
          security: bearer,
          body: contentBody,
          response: { 200: contentStateSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { targetType, targetId, reason } = request.body;
        await moderation[verb](identityOf(request).memberId, targetType, targetId, reason);
        const { item, state } = await moderation.contentView(targetType, targetId);
        return toContentState(targetType, targetId, item, state);
      },
    );
  }

  app.post(
    '/admin/members/:id/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend a member: tokens revoked, sockets closed, login refused, pending matches released',
        description: 'Without `until` the suspension lasts until an admin lifts it; with one, it is lifted automatically once that time passes.',
        security: bearer,
        params: idParams,
        body: suspendBody,
        response: { 200: adminMemberSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toAdminMember(await moderation.suspend(identityOf(request).memberId, request.params.id, request.body.reason, request.body.until ?? null)),
  );

  app.post(
    '/admin/members/:id/unsuspend',
    {
      schema: { tags, summary: 'Lift a suspension', security: bearer, params: idParams, body: unsuspendBody, response: { 200: adminMemberSchema, ...errors(400, 401, 403, 404, 409) } },
    },
    async (request) => toAdminMember(await moderation.unsuspend(identityOf(request).memberId, request.params.id, request.body.reason)),
  );

  for (const locked of [true, false]) {
    app.post(
      `/admin/questions/:id/${locked ? 'lock' : 'unlock'}`,
      {
        schema: {
          tags,
          summary: locked ? 'Lock a question: no more answers or replies' : 'Unlock a question',
          security: bearer,
          params: idParams,
          body: optionalReasonBody,
          response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await moderation.lockQuestion(identityOf(request).memberId, request.params.id, locked, request.body?.reason ?? null);
        return reply.code(204).send(null);
      },
    );
  }

  app.delete(
    '/admin/circles/:id/members/:memberId',
    {
      schema: {
        tags,
        summary: "Remove a member from a circle (their subscription to the circle's room ends)",
        security: bearer,
        params: z.object({ id: z.uuid('must be a UUID'), memberId: z.uuid('must be a UUID') }),
        body: optionalReasonBody,
        response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await moderation.removeFromCircle(identityOf(request).memberId, request.params.id, request.params.memberId, request.body?.reason ?? null);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/admin/audit-log',
    {
      schema: {
        tags,
        summary: 'Every staff action, newest first: who, what, target, reason, when',
        security: bearer,
        querystring: auditQuery,
        response: { 200: page(auditEntrySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await moderation.auditLog({ ...filter, limit: limit + 1, after: decodeCursor(cursor, keysetCursor) });
      return pageOf(rows, limit, toAuditEntry);
    },
  );
};
