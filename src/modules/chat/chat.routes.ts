// HTTP side of chat: direct rooms, history pages, sending/editing/deleting, read markers, my rooms with unread counts, presence.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { cursorQuery, errors, limitQuery } from '../../lib/schemas.js';
import { identityOf } from '../../plugins/auth.js';
import type { ChatService } from './chat.service.js';
import { toMessageView } from './chat.views.js';
import { bodySchema, clientMsgIdSchema } from './frames.js';
import type { Gateway } from './gateway.js';

const bearer = [{ bearer: [] }];
const tags = ['chat'];
const seqQuery = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const roomParams = z.object({ roomId: z.uuid('must be a UUID') });
const messageParams = z.object({ roomId: z.uuid('must be a UUID'), id: z.uuid('must be a UUID') });
const historyCursor = z.object({ d: z.enum(['before', 'after']), s: z.number().int().min(0) });

export const messageSchema = z
  .object({
    roomId: z.uuid(),
    id: z.uuid(),
    seq: z.number().int(),
    authorId: z.uuid().nullable().meta({ description: 'null for a system message' }),
    clientMsgId: z.string(),
    body: z.string().nullable().meta({ description: 'null for a deleted (or moderator-hidden) message: a tombstone keeping its seq' }),
    createdAt: z.string(),
    editedAt: z.string().nullable(),
    deleted: z.boolean(),
    hidden: z.literal(true).optional().meta({ description: 'Admins only: hidden by a moderator (the body is kept for them)' }),
    system: z.literal(true).optional().meta({ description: 'Posted by the server (a meeting scheduled, moved or cancelled…)' }),
    meta: z.record(z.string(), z.unknown()).optional().meta({ description: 'Structured detail of a system message' }),
  })
  .meta({ id: 'ChatMessage' });

const roomSchema = z
  .object({
    roomId: z.uuid(),
    kind: z.enum(['circle', 'direct']),
    circleKind: z.string().nullable(),
    circleName: z.string().nullable(),
    peer: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    lastSeq: z.number().int(),
    readSeq: z.number().int(),
    unread: z.number().int(),
    closed: z.boolean().meta({ description: 'The circle closed: the room is read-only' }),
  })
  .meta({ id: 'ChatRoom' });

export const chatRoutes: FastifyPluginAsyncZod<{ chat: ChatService; gateway: Gateway }> = async (app, { chat, gateway }) => {
  app.post(
    '/dms',
    {
      onRequest: app.requireMember,
      config: { writeLimit: 'content' },
      schema: {
        tags,
        summary: 'Open (or find) the direct room with another member',
        security: bearer,
        body: z.object({ memberId: z.uuid('must be a UUID') }).strict(),
        response: { 200: z.object({ roomId: z.uuid() }), 201: z.object({ roomId: z.uuid() }), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { roomId, created } = await chat.openDm(identityOf(request).memberId, request.body.memberId);
      return reply.code(created ? 201 : 200).send({ roomId });
    },
  );

  app.get(
    '/me/rooms',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'My rooms (circles and direct) with last seq, read marker and unread count',
        security: bearer,
        response: { 200: z.object({ items: z.array(roomSchema), nextCursor: z.null() }), ...errors(401) },
      },
    },
    async (request) => {
      const rows = await chat.myRooms(identityOf(request).memberId);
      return {
        items: rows.map((r) => ({
          roomId: r.roomId,
          kind: r.kind,
          circleKind: r.circleKind,
          circleName: r.circleName,
          peer: r.peerId ? { id: r.peerId, displayName: r.peerName ?? '' } : null,
          lastSeq: r.lastSeq,
          readSeq: r.readSeq,
          unread: r.unread,
          closed: r.closedAt !== null,
        })),
        nextCursor: null,
      };
    },
  );

  app.get(
    '/rooms/:roomId/messages',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'History, oldest first within a page: the newest page by default, beforeSeq pages back, afterSeq pages forward',
        security: bearer,
        params: roomParams,
        querystring: z.object({ beforeSeq: seqQuery.optional(), afterSeq: seqQuery.optional(), limit: limitQuery, cursor: cursorQuery }),
        response: {
          200: z.object({ items: z.array(messageSchema), nextCursor: z.string().nullable(), lastSeq: z.number().int() }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const identity = identityOf(request);
      const { limit, cursor } = request.query;
      let { beforeSeq, afterSeq } = request.query;
      const position = decodeCursor(cursor, historyCursor);
      if (position) {
        beforeSeq = position.d === 'before' ? position.s : undefined;
        afterSeq = position.d === 'after' ? position.s : undefined;
      }
      const admin = identity.role === 'admin';
      const { room, items, more } = await chat.history({ memberId: identity.memberId, admin }, request.params.roomId, { beforeSeq, afterSeq, limit });
      let nextCursor: string | null = null;
      if (more && items.length) {
        nextCursor = afterSeq !== undefined ? encodeCursor({ d: 'after', s: items[items.length - 1]!.seq }) : encodeCursor({ d: 'before', s: items[0]!.seq });
      }
      return { items: items.map((row) => toMessageView(row, { admin })), nextCursor, lastSeq: room.lastSeq };
    },
  );

  app.post(
    '/rooms/:roomId/messages',
    {
      onRequest: app.requireMember,
      config: { writeLimit: 'content' },
      schema: {
        tags,
        summary: 'Send a message (idempotent by clientMsgId: a repeat answers 200 with the stored message)',
        security: bearer,
        params: roomParams,
        body: z.object({ clientMsgId: clientMsgIdSchema, body: bodySchema }).strict(),
        response: { 200: messageSchema, 201: messageSchema, ...errors(400, 401, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { row, created } = await chat.send(identityOf(request).memberId, { roomId: request.params.roomId, ...request.body });
      return reply.code(created ? 201 : 200).send(toMessageView(row));
    },
  );

  app.patch(
    '/rooms/:roomId/messages/:id',
    {
      onRequest: app.requireMember,
      config: { writeLimit: 'content' },
      schema: {
        tags,
        summary: 'Edit my message (broadcast as message_updated)',
        security: bearer,
        params: messageParams,
        body: z.object({ body: bodySchema }).strict(),
        response: { 200: messageSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await chat.edit(identityOf(request).memberId, request.params.roomId, request.params.id, request.body.body);
      return toMessageView(row);
    },
  );

  app.delete(
    '/rooms/:roomId/messages/:id',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Delete my message (a tombstone keeps its seq; broadcast as message_deleted)',
        security: bearer,
        params: messageParams,
        response: { 204: z.null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await chat.remove(identityOf(request).memberId, request.params.roomId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/rooms/:roomId/read',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Move my read marker forward to seq (never back)',
        security: bearer,
        params: roomParams,
        body: z.object({ seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict(),
        response: { 200: z.object({ roomId: z.uuid(), seq: z.number().int(), unread: z.number().int() }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const marker = await chat.markRead(identityOf(request).memberId, request.params.roomId, request.body.seq);
      return { roomId: request.params.roomId, ...marker };
    },
  );

  app.get(
    '/rooms/:roomId/presence',
    {
      onRequest: app.requireMember,
      schema: {
        tags,
        summary: 'Members subscribed to the room right now (as this process knows it)',
        security: bearer,
        params: roomParams,
        response: { 200: z.object({ roomId: z.uuid(), online: z.array(z.uuid()) }), ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      await chat.requireRoom(identityOf(request).memberId, request.params.roomId);
      return { roomId: request.params.roomId, online: gateway.hub.presence.online(request.params.roomId) };
    },
  );
};
