// The chat module's plugin: the websocket endpoint (authenticated before the upgrade), HTTP routes, and domain events.
// The service and the gateway are built in src/app.ts and passed in.
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import { Errors } from '../../errors.js';
import type { EventHub } from '../../lib/events.js';
import { identityOf } from '../../plugins/auth.js';
import { chatRoutes } from './chat.routes.js';
import type { ChatService } from './chat.service.js';
import type { Gateway } from './gateway.js';

export const MAX_FRAME_BYTES = 64 * 1024;

export interface ChatModuleOptions {
  chat: ChatService;
  gateway: Gateway;
  events: EventHub;
}

export const chatModule: FastifyPluginAsync<ChatModuleOptions> = async (app, { chat, gateway, events }) => {
  await gateway.start();

  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false },
    // A socket error (a frame over maxPayload, a broken peer) ends that socket only; ws has already sent the close code.
    errorHandler: (err, socket) => {
      app.log.debug({ err }, 'chat: socket error');
      socket.terminate();
    },
    preClose: async () => {
      await gateway.shutdown();
      await new Promise<void>((resolve) => app.websocketServer.close(() => resolve()));
    },
  });

  app.get(
    '/ws',
    {
      websocket: true,
      onRequest: app.requireMember,
      // Over the per-member socket cap: a plain 429 before the upgrade (a race past this check is closed with 4008).
      preValidation: async (request) => {
        const { memberId } = identityOf(request);
        if (gateway.socketsOf(memberId) >= gateway.socketLimit()) {
          throw Errors.rateLimited('Too many open sockets for this member; close one first');
        }
      },
      schema: { tags: ['chat'], hide: true },
    },
    (socket, request) => {
      // The plugin's own error listener keeps the upgrade's request and reply alive as long as the socket; ours keeps nothing.
      socket.removeAllListeners('error');
      socket.on('error', (err) => {
        app.log.debug({ err }, 'chat: socket error');
        socket.terminate();
      });
      // The upgraded request's socket is the one ws writes to: corked per turn, a socket's frames leave in one write.
      gateway.accept(socket, identityOf(request), request.raw.socket);
    },
  );

  await app.register(chatRoutes, { chat, gateway });

  const warn = (what: string) => (err: unknown) => app.log.warn({ err }, `chat: ${what} failed`);
  const off = [
    events.on('member.suspended', ({ memberId }) => gateway.kickMember(memberId)),
    events.on('circle.member_removed', ({ circleId, memberId }) => gateway.removeFromRoom(circleId, memberId)),
    events.on('circle.created', ({ circleId }) => chat.ensureCircleRooms([circleId])),
    events.on('circle.closed', ({ circleId }) => chat.closeCircleRoom(circleId).catch(warn('closing a room'))),
    events.on('message.hidden', ({ roomId }) => gateway.roomChanged(roomId).catch(warn('announcing a hide'))),
    events.on('message.restored', ({ roomId }) => gateway.roomChanged(roomId).catch(warn('announcing a restore'))),
    events.on('session.ended', (payload) => gateway.endSession(payload)),
    events.on('notification.created', (payload) => gateway.notify(payload)),
  ];

  app.addHook('onClose', async () => {
    for (const stop of off) stop();
    await gateway.shutdown();
  });
};

export { createChatService, getMessageForReview, setMessageHidden, unreadCounts, type ChatService } from './chat.service.js';
export { Gateway } from './gateway.js';
