// The chat module: websocket endpoint (authenticated before the upgrade), HTTP routes, domain events from moderation and matching.
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { identityOf } from '../../plugins/auth.js';
import { chatRoutes } from './chat.routes.js';
import type { ChatService } from './chat.service.js';
import { Gateway } from './gateway.js';

export const MAX_FRAME_BYTES = 64 * 1024;

export const chatModule: FastifyPluginAsync<{ chat: ChatService; config: Config; database: Database }> = async (app, { chat, config, database }) => {
  const gateway = new Gateway({ config, database, service: chat, log: app.log });
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

  app.get('/ws', { websocket: true, onRequest: app.requireMember, schema: { tags: ['chat'], hide: true } }, (socket, request) => {
    // The plugin's own error listener keeps the upgrade's request and reply alive as long as the socket; ours keeps nothing.
    socket.removeAllListeners('error');
    socket.on('error', (err) => {
      app.log.debug({ err }, 'chat: socket error');
      socket.terminate();
    });
    gateway.accept(socket, identityOf(request));
  });

  await app.register(chatRoutes, { chat, gateway });

  const off = [
    app.events.on('member.suspended', ({ memberId }) => gateway.kickMember(memberId)),
    app.events.on('circle.member_removed', ({ circleId, memberId }) => gateway.removeFromRoom(circleId, memberId)),
    app.events.on('circle.created', ({ circleId }) => chat.ensureCircleRooms([circleId])),
    app.events.on('message.hidden', ({ roomId, messageId }) => gateway.messageChanged(roomId, messageId)),
    app.events.on('message.restored', ({ roomId, messageId }) => gateway.messageChanged(roomId, messageId)),
  ];

  app.addHook('onClose', async () => {
    for (const stop of off) stop();
    await gateway.shutdown();
  });
};

export { createChatService, getMessageForReview, setMessageHidden, type ChatService } from './chat.service.js';
