// Chat rules shared by HTTP and websocket: membership (404 when not yours), idempotent sends, author-only edits, read markers.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import {
  ensureCircleRooms,
  findActiveMember,
  findMessage,
  findRoom,
  findRoomAccess,
  listMyRooms,
  markMessageDeleted,
  messagesAfter,
  messagesBefore,
  openDirectRoom,
  setHidden,
  updateMessageBody,
  upsertReadMarker,
  type MessageRow,
  type RoomAccess,
} from './chat.repo.js';
import { KeyedLimiter } from './rate-limit.js';
import { MessageWriter } from './writer.js';

/** Set by the realtime gateway: what to do once a write has committed. */
export interface ChatHooks {
  stored(row: MessageRow): void;
  changed(roomId: string, messageId: string): void;
}

export interface SendInput {
  roomId: string;
  clientMsgId: string;
  body: string;
}

export interface SendResult {
  row: MessageRow;
  created: boolean;
}

export interface HistoryQuery {
  beforeSeq?: number;
  afterSeq?: number;
  limit: number;
}

export function createChatService({ database, config }: { database: Database; config: Config }) {
  const { db } = database;
  const sendLimiter = new KeyedLimiter(config.CHAT_SEND_RATE, config.CHAT_SEND_BURST);
  const hooks: ChatHooks = { stored: () => {}, changed: () => {} };
  /** Set by the realtime gateway: this process's id on the bus. */
  const realtime = { nodeId: null as string | null };
  const writer = new MessageWriter(db);

  async function requireRoom(memberId: string, roomId: string): Promise<RoomAccess> {
    const room = await findRoomAccess(db, roomId, memberId);
    if (!room) throw Errors.notFound('Room');
    return room;
  }

  /**
   * Stores (or finds, for a repeated clientMsgId) a message; resolves only after the commit.
   * `acknowledge` runs first thing after the commit, before the fan-out, so a sender sees its ack before its message.
   */
  async function send(memberId: string, input: SendInput, acknowledge?: (result: SendResult) => void): Promise<SendResult> {
    if (!sendLimiter.take(memberId)) throw Errors.rateLimited('You are sending messages too fast');
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await writer.write({ id: randomUUID(), roomId: input.roomId, authorId: memberId, clientMsgId: input.clientMsgId, body: input.body });
      if (result) {
        if (!result.created) {
          const stored = await findMessage(db, result.row.id);
          const duplicate = { row: stored!, created: false };
          acknowledge?.(duplicate);
          return duplicate;
        }
        const row: MessageRow = {
          id: result.row.id,
          roomId: input.roomId,
          seq: result.row.seq,
          authorId: memberId,
          clientMsgId: input.clientMsgId,
          body: input.body,
          createdAt: result.row.createdAt,
          editedAt: null,
          deletedAt: null,
          hiddenAt: null,
          hiddenReason: null,
        };
        acknowledge?.({ row, created: true });
        hooks.stored(row);
        return { row, created: true };
      }
      // No row: not a member, or a circle room not yet made; findRoomAccess makes it or tells us it is not ours.
      await requireRoom(memberId, input.roomId);
    }
    throw Errors.notFound('Room');
  }

  async function explainMissing(memberId: string, roomId: string, id: string): Promise<never> {
    const row = await findMessage(db, id);
    if (!row || row.roomId !== roomId || row.deletedAt || row.hiddenAt) throw Errors.notFound('Message');
    if (row.authorId !== memberId) throw Errors.forbidden('Only the author may change a message');
    throw Errors.notFound('Message');
  }

  async function edit(memberId: string, roomId: string, id: string, body: string): Promise<MessageRow> {
    await requireRoom(memberId, roomId);
    const row = await updateMessageBody(db, { roomId, id, authorId: memberId, body });
    if (!row) return explainMissing(memberId, roomId, id);
    hooks.changed(roomId, id);
    return row;
  }

  async function remove(memberId: string, roomId: string, id: string): Promise<MessageRow> {
    await requireRoom(memberId, roomId);
    const row = await markMessageDeleted(db, { roomId, id, authorId: memberId });
    if (!row) return explainMissing(memberId, roomId, id);
    hooks.changed(roomId, id);
    return row;
  }

  /** A page of history, oldest first; admins may read any room (hidden messages marked), members only their own. */
  async function history(viewer: { memberId: string; admin: boolean }, roomId: string, query: HistoryQuery) {
    const room = viewer.admin ? await findRoom(db, roomId) : await requireRoom(viewer.memberId, roomId);
    if (!room) throw Errors.notFound('Room');
    const { beforeSeq, afterSeq, limit } = query;
    let items: MessageRow[];
    if (afterSeq !== undefined) items = await messagesAfter(db, roomId, afterSeq, limit + 1, beforeSeq === undefined ? undefined : beforeSeq - 1);
    else items = await messagesBefore(db, roomId, beforeSeq ?? room.lastSeq + 1, limit + 1);
    const more = items.length > limit;
    if (more) items = afterSeq !== undefined ? items.slice(0, limit) : items.slice(1);
    return { room, items, more };
  }

  async function markRead(memberId: string, roomId: string, seq: number): Promise<number> {
    await requireRoom(memberId, roomId);
    return upsertReadMarker(db, roomId, memberId, seq);
  }

  async function openDm(memberId: string, otherId: string) {
    if (otherId === memberId) throw Errors.validation('memberId: a direct room needs another member');
    if (!(await findActiveMember(db, otherId))) throw Errors.notFound('Member');
    return db.transaction((tx) => openDirectRoom(tx, memberId, otherId));
  }

  return {
    hooks,
    realtime,
    requireRoom,
    send,
    edit,
    remove,
    history,
    markRead,
    openDm,
    myRooms: (memberId: string) => listMyRooms(db, memberId),
    unreadCounts: (memberId: string) => unreadCounts(db, memberId),
    setMessageHidden: (messageId: string, hidden: boolean, reason: string | null) => setMessageHidden(db, messageId, hidden, reason),
    getMessageForReview: (id: string) => getMessageForReview(db, id),
    ensureCircleRooms: (circleIds: string[]) => ensureCircleRooms(db, circleIds),
    sweep: () => sendLimiter.sweep(),
  };
}

export type ChatService = ReturnType<typeof createChatService>;

/** Unread messages per room of the member (rooms with none are present with 0). For GET /me/circles. */
export async function unreadCounts(db: DbOrTx, memberId: string): Promise<Map<string, number>> {
  const rooms = await listMyRooms(db, memberId);
  return new Map(rooms.map((r) => [r.roomId, r.unread]));
}

/**
 * Moderation: hides (or restores) a message; returns its roomId, or null when there is no such message.
 * It only writes: the caller then emits `message.hidden` / `message.restored`, which tells every socket.
 */
export async function setMessageHidden(db: DbOrTx, messageId: string, hidden: boolean, reason: string | null): Promise<string | null> {
  return setHidden(db, messageId, hidden, reason);
}

/** Moderation: the full stored message (hidden or deleted ones too), or null. */
export async function getMessageForReview(db: DbOrTx, id: string): Promise<MessageRow | null> {
  return findMessage(db, id);
}
