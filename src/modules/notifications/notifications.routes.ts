// Routes: my notifications (every kind) and preferences, email verification, one-click unsubscribe (RFC 8058) with its confirmation page.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { errors } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import { NOTIFICATION_KINDS } from './port.js';
import {
  listQuery,
  markReadBody,
  notificationPageSchema,
  preferencesBody,
  preferencesSchema,
  tokenBody,
  tokenQuery,
  unsubscribeResult,
  verifyResult,
} from './notifications.schemas.js';
import type { NotificationsService } from './notifications.service.js';
import { confirmPage, messagePage } from './pages.js';

const security = [{ bearer: [] }];
const tags = ['notifications'];

const viewerOf = (request: FastifyRequest) => {
  const identity = identityOf(request);
  return { memberId: identity.memberId, isAdmin: identity.role === 'admin' };
};

const isForm = (request: FastifyRequest) => (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');

/** Browser forms get a page back, scripts get JSON; a forged or expired token is a 404 either way. */
async function answer<T>(request: FastifyRequest, reply: FastifyReply, work: () => Promise<T>, page: (result: T) => string): Promise<T | FastifyReply> {
  if (!isForm(request)) return work();
  try {
    const result = await work();
    return reply.type('text/html; charset=utf-8').send(page(result));
  } catch (err) {
    if (err instanceof AppError && err.statusCode === 404) {
      return reply.code(404).type('text/html; charset=utf-8').send(messagePage('Link not valid', 'This link is not valid or has expired. Nothing was changed.'));
    }
    throw err;
  }
}

export const notificationsRoutes: FastifyPluginAsyncZod<{ notifications: NotificationsService }> = async (app, { notifications }) => {
  // RFC 8058 one-click posts and the pages' forms are form-encoded; only these routes accept that.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.get(
    '/me/notifications',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'My notifications of every kind, newest first, with read state and the unread count',
        description: `Kinds: ${NOTIFICATION_KINDS.join(', ')}. Q&A kinds keep the flat fields of the earlier Q&A list (questionId, questionTitle, answerId, replyId, actor, excerpt).`,
        querystring: listQuery,
        response: { 200: notificationPageSchema, ...errors(400, 401) },
      },
    },
    async (request) => notifications.list(viewerOf(request), request.query),
  );

  app.post(
    '/me/notifications/read',
    {
      onRequest: app.requireMember,
      schema: { tags, security, summary: 'Mark notifications read: { ids } or { all: true }', body: markReadBody, response: { 200: z.object({ unreadCount: z.number().int() }), ...errors(400, 401) } },
    },
    async (request) => notifications.read(viewerOf(request), request.body),
  );

  app.get(
    '/me/notification-preferences',
    { onRequest: app.requireMember, schema: { tags, security, summary: 'My email preference per kind (immediate, digest, off) and the digest frequency', response: { 200: preferencesSchema, ...errors(401) } } },
    async (request) => notifications.preferences(identityOf(request).memberId),
  );

  app.put(
    '/me/notification-preferences',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        security,
        summary: 'Change preferences: { digest?: daily|weekly, kinds?: { <kind>: immediate|digest|off } }; moderation and account notices are always sent',
        body: preferencesBody,
        response: { 200: preferencesSchema, ...errors(400, 401) },
      },
    },
    async (request) => notifications.setPreferences(identityOf(request).memberId, request.body),
  );

  app.post(
    '/auth/verify-email',
    {
      schema: { tags: ['auth'], summary: 'Confirm an email address with the token from the verification mail', body: tokenBody, response: { 200: verifyResult, ...errors(400, 404) } },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        async () => ({ status: (await notifications.verifyEmail(request.body.token)).status }),
        (r) => messagePage('Email confirmed', r.status === 'active' ? 'Your address is confirmed and your account is active: you can log in.' : 'Your address is confirmed. An admin will review your registration; you will get a mail when it is approved.'),
      ),
  );

  app.get(
    '/auth/verify-email',
    { schema: { tags: ['auth'], summary: 'The page the verification mail links to: a button that confirms (HTML)', querystring: tokenQuery } },
    async (request, reply) =>
      reply.type('text/html; charset=utf-8').send(confirmPage('Confirm your email address', 'Press the button to confirm your address for practice-peers.', 'Confirm my address', request.url.split('?')[0]!, request.query.token)),
  );

  app.post(
    '/unsubscribe',
    {
      schema: {
        tags,
        summary: 'Unsubscribe without logging in: { token }, or the RFC 8058 one-click form post to the List-Unsubscribe URL',
        querystring: tokenQuery.partial(),
        body: z.union([tokenBody, z.object({ 'List-Unsubscribe': z.literal('One-Click'), token: z.string().max(2000).optional() }).strict()]),
        response: { 200: unsubscribeResult, ...errors(400, 404) },
      },
    },
    async (request, reply) => {
      const token = request.body.token ?? request.query.token;
      if (!token) throw new AppError(400, 'VALIDATION', 'token is required (in the body or the query string)');
      return answer(request, reply, () => notifications.unsubscribe(token), () => messagePage('Unsubscribed', 'You will no longer get these mails. Change this any time in your notification settings.'));
    },
  );

  app.get(
    '/unsubscribe',
    { schema: { tags, summary: 'The unsubscribe link of a mail: a confirmation page with a button (HTML); nothing changes until it is pressed', querystring: tokenQuery } },
    async (request, reply) => {
      try {
        await notifications.peekUnsubscribe(request.query.token);
      } catch {
        return reply.code(404).type('text/html; charset=utf-8').send(messagePage('Link not valid', 'This unsubscribe link is not valid or has expired. Nothing was changed.'));
      }
      return reply.type('text/html; charset=utf-8').send(confirmPage('Unsubscribe', 'Stop getting these mails from practice-peers?', 'Unsubscribe', request.url.split('?')[0]!, request.query.token));
    },
  );
};
