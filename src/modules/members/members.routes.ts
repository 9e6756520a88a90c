// Routes: own record and profile, public profiles and the directory, and the admin's member list, approvals and rejections.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { cursorQuery, errors, idParams, limitQuery, page } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { adminMemberSchema, approveBody, directoryQuery, memberRole, memberSchema, memberStatus, publicMemberSchema, rejectBody } from './member.schemas.js';
import { toAdminMember, toMember, toPublicMember } from './members.mapper.js';
import type { MembersService } from './members.service.js';
import { profilePatchSchema } from '../../domain/profile.js';

const memberCursor = z.object({ createdAt: z.iso.datetime(), id: z.uuid() });
const directoryCursor = z.object({ name: z.string(), id: z.uuid() });
const bearer = [{ bearer: [] }];

export const membersRoutes: FastifyPluginAsyncZod<{ members: MembersService }> = async (app, { members }) => {
  app.get(
    '/me',
    {
      onRequest: app.requireMember,
      schema: { tags: ['members'], summary: 'My member record, with email and full profile', security: bearer, response: { 200: memberSchema, ...errors(401) } },
    },
    async (request) => toMember(await members.get(identityOf(request).memberId)),
  );

  app.patch(
    '/me/profile',
    {
      onRequest: app.requireMember,
      schema: {
        tags: ['members'],
        summary: 'Partial update of my practice profile',
        security: bearer,
        body: profilePatchSchema,
        response: { 200: memberSchema, ...errors(400, 401) },
      },
    },
    async (request) => toMember(await members.updateProfile(identityOf(request).memberId, request.body)),
  );

  app.get(
    '/members/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags: ['members'],
        summary: "A member's public profile (never the email)",
        security: bearer,
        params: idParams,
        response: { 200: publicMemberSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => toPublicMember(await members.getPublic(request.params.id, identityOf(request).role === 'admin')),
  );

  app.get(
    '/admin/members',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Members by status and role, newest first (e.g. ?status=pending for the approval queue; ?status=active&q=dana to pick members for a round; ?role=admin for the staff)',
        security: bearer,
        querystring: z.object({
          status: memberStatus.optional(),
          role: memberRole.optional().meta({ description: 'member or admin (e.g. the audit log\'s actors)' }),
          q: z.string().trim().min(1).max(80).optional().meta({ description: 'Part of a display or practice name (hidden-from-directory members included)' }),
          limit: limitQuery,
          cursor: cursorQuery,
        }),
        response: { 200: page(adminMemberSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { status, role, q, limit, cursor } = request.query;
      const after = decodeCursor(cursor, memberCursor);
      const rows = await members.list({ status, role, q, limit: limit + 1, after });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      const nextCursor = rows.length > limit && last ? encodeCursor({ createdAt: last.createdAt.toISOString(), id: last.id }) : null;
      return { items: items.map(toAdminMember), nextCursor };
    },
  );

  app.post(
    '/admin/members/:id/approve',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Approve a pending registration',
        description:
          'An applicant who fails the eligibility check (top executive, a year in the role and in business) answers 422 NOT_ELIGIBLE unless sent with override: true ' +
          'and a reason (400 REASON_REQUIRED without one); the audit entry records the check and the reason. 409 NOT_PENDING.',
        security: bearer,
        params: idParams,
        body: approveBody,
        response: { 200: adminMemberSchema, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => toAdminMember(await members.approve(identityOf(request).memberId, request.params.id, request.body ?? {})),
  );

  app.post(
    '/admin/members/:id/reject',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Reject a pending registration with a reason: audited; the applicant can no longer log in and is told why',
        description: '409 NOT_PENDING for anyone not pending (an active member is suspended through moderation, not rejected).',
        security: bearer,
        params: idParams,
        body: rejectBody,
        response: { 200: adminMemberSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => toAdminMember(await members.reject(identityOf(request).memberId, request.params.id, request.body.reason)),
  );

  app.get(
    '/members',
    {
      onRequest: app.requireMember,
      schema: {
        tags: ['members'],
        summary: 'The member directory: active members’ public profiles by name (members may hide themselves with profile.hideFromDirectory)',
        security: bearer,
        querystring: directoryQuery,
        response: { 200: page(publicMemberSchema), ...errors(400, 401) },
      },
    },
    async (request) => {
      const { limit, cursor, ...filter } = request.query;
      const rows = await members.directory({ ...filter, limit: limit + 1, after: decodeCursor(cursor, directoryCursor) });
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map(toPublicMember), nextCursor: rows.length > limit && last ? encodeCursor({ name: last.displayName, id: last.id }) : null };
    },
  );
};
