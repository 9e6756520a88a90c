// Chat messages as moderated content, through the chat module's exported functions; sockets hear of changes via app.events.
import type { EventHub } from '../../lib/events.js';
import { AppError } from '../../errors.js';
import { getMessageForReview, setMessageHidden, type ChatService } from '../chat/index.js';
import type { ContentModerator, ReviewContent } from './content.js';

export function chatMessageModerator({ chat, events }: { chat: Pick<ChatService, 'requireRoom'>; events: EventHub }): ContentModerator {
  return {
    async getForReview(db, id) {
      const row = await getMessageForReview(db, id);
      if (!row) return null;
      return {
        kind: 'message',
        id: row.id,
        authorId: row.authorId,
        title: null,
        body: row.body,
        createdAt: new Date(row.createdAt),
        hidden: row.hiddenAt !== null,
        removed: row.deletedAt !== null,
        context: { roomId: row.roomId },
      };
    },

    async visibleTo(_db, memberId, item) {
      if (item.hidden || item.removed) return false;
      try {
        await chat.requireRoom(memberId, item.context.roomId!);
        return true;
      } catch (err) {
        if (err instanceof AppError && err.statusCode === 404) return false;
        throw err;
      }
    },

    async setHidden(db, item, hidden, reason) {
      await setMessageHidden(db, item.id, hidden, reason);
    },

    // Chat has no moderator delete: a removed message stays hidden, and moderation's own state makes that final.
    async remove(db, item, reason) {
      await setMessageHidden(db, item.id, true, reason);
    },

    changed(item: ReviewContent, change) {
      const payload = { roomId: item.context.roomId!, messageId: item.id };
      events.emit(change === 'restored' ? 'message.restored' : 'message.hidden', payload);
    },
  };
}
