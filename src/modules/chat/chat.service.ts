// Chat rules shared by HTTP and websocket: membership (404 when not yours), idempotent sends, the room's event log, read markers.
// Every committed write is announced to `onCommitted` listeners (the realtime gateway): the service never calls the gateway.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { changeMessage, findMessage, insertSystemMessage, messagesAfter, messagesBefore, type ChangeKind, type MessageRow, type RoomEvent } from './messages.repo.js';
import { KeyedLimiter } from './rate-limit.js';
import { retryTransient } from './retry.js';
import { closeRoom, ensureCircleRooms, findActiveMember, findRoom, findRoomAccess, listMyRooms, openDirectRoom, upsertReadMarker, type RoomAccess } from './rooms.repo.js';
import { MessageWriter } from './writer.js';

/** What the service announces after a commit. */
export type Committed =
  | { type: 'event'; event: RoomEvent }
  | { type: 'read'; memberId: string; roomId: string; seq: number; unread: number }
  | { type: 'closed'; roomId: string };

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

export interface ChatServiceDeps {
  database: Database;
  config: Config;
  /** How many processes share the per-member send budget (the gateway knows from its bus); 1 by default. */
  processes?: () => number;
}

export function createChatService({ database, config, processes }: ChatServiceDeps) {
  const { db } = database;
  const share = { processes: processes ?? (() => 1) };
  const sendLimiter = new KeyedLimiter(config.CHAT_SEND_RATE, config.CHAT_SEND_BURST, () => share.processes());
  const listeners: ((c: Committed) => void)[] = [];
  const writer = new MessageWriter(database);

  function committed(c: Committed): void {
    for (const listener of listeners) listener(c);
  }

  async function requireRoom(memberId: string, roomId: string): Promise<RoomAccess> {
    const room = await findRoomAccess(db, roomId, memberId);
    if (!room) throw Errors.notFound('Room');
    return room;
  }

  async function requireWritable(memberId: string, roomId: string): Promise<RoomAccess> {
    const room = await requireRoom(memberId, roomId);
    if (room.closedAt !== null) throw Errors.conflict('This room is closed: its history stays readable, nothing new can be written', 'ROOM_CLOSED');
    return room;
  }

  /**
   * Stores (or finds, for a repeated clientMsgId) a message; resolves only after the commit. `acknowledge` runs first
   * thing after the commit, before the fan-out. A repeated clientMsgId with another body is a conflict, not a repeat.
   */
  async function send(memberId: string, input: SendInput, acknowledge?: (result: SendResult) => void): Promise<SendResult> {
    if (!sendLimiter.take(memberId)) throw Errors.rateLimited('You are sending messages too fast');
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await writer.write({ id: randomUUID(), roomId: input.roomId, authorId: memberId, clientMsgId: input.clientMsgId, body: input.body });
      if (result) {
        if (!result.created) {
          if (result.row.body !== input.body) throw Errors.conflict('This clientMsgId was already used for a different message', 'CONFLICT');
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
          kind: 'user',
          clientMsgId: input.clientMsgId,
          body: input.body,
          meta: null,
          createdAt: result.row.createdAt,
          editedAt: null,
          deletedAt: null,
          hiddenAt: null,
          hiddenReason: null,
        };
        acknowledge?.({ row, created: true });
        committed({ type: 'event', event: { seq: row.seq, kind: 'message', row } });
        return { row, created: true };
      }
      // No row: not a member, a closed room, or a circle room not yet made (findRoomAccess makes it).
      await requireWritable(memberId, input.roomId);
    }
    throw Errors.notFound('Room');
  }

  /** A message without an author (meetings scheduled, moved, cancelled…), at the room's next seq, delivered live. */
  async function postSystemMessage(roomId: string, body: string, meta?: Record<string, unknown>): Promise<MessageRow> {
    const id = randomUUID();
    let row = await insertSystemMessage(db, { id, roomId, body, meta: meta ?? null });
    if (!row) {
      // A circle whose room was never used: circle rooms share the circle's id.
      await ensureCircleRooms(db, [roomId]);
      row = await insertSystemMessage(db, { id, roomId, body, meta: meta ?? null });
    }
    if (!row) throw Errors.notFound('Room');
    committed({ type: 'event', event: { seq: row.seq, kind: 'message', row } });
    return row;
  }

  async function explainMissing(memberId: string, roomId: string, id: string): Promise<never> {
    const row = await findMessage(db, id);
    if (!row || row.roomId !== roomId || row.deletedAt || row.hiddenAt) throw Errors.notFound('Message');
    if (row.authorId !== memberId) throw Errors.forbidden('Only the author may change a message');
    throw Errors.notFound('Message');
  }

  async function change(memberId: string, roomId: string, id: string, kind: ChangeKind, body?: string): Promise<{ row: MessageRow; seq: number }> {
    await requireWritable(memberId, roomId);
    const changed = await changeMessage(db, { id, kind, roomId, authorId: memberId, body });
    if (!changed) return explainMissing(memberId, roomId, id);
    committed({ type: 'event', event: { seq: changed.seq, kind, row: changed.row } });
    return changed;
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

  /** Moves the read marker (idempotent, so retried over a dropped connection); the member's other sockets hear of it. */
  async function markRead(memberId: string, roomId: string, seq: number): Promise<{ seq: number; unread: number }> {
    await requireRoom(memberId, roomId);
    const marker = await retryTransient(() => upsertReadMarker(db, roomId, memberId, seq));
    committed({ type: 'read', memberId, roomId, ...marker });
    return marker;
  }

  async function openDm(memberId: string, otherId: string) {
    if (otherId === memberId) throw Errors.validation('memberId: a direct room needs another member');
    if (!(await findActiveMember(db, otherId))) throw Errors.notFound('Member');
    return db.transaction((tx) => openDirectRoom(tx, memberId, otherId));
  }

  /** The circle closed: its room turns read-only (history stays readable). */
  async function closeCircleRoom(circleId: string): Promise<void> {
    await closeRoom(db, circleId);
    committed({ type: 'closed', roomId: circleId });
  }

  return {
    onCommitted(listener: (c: Committed) => void): () => void {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener) >>> 0, 1);
    },
    /** The gateway tells how many processes share the per-member budgets. */
    setProcessCount(fn: () => number): void {
      share.processes = fn;
    },
    requireRoom,
    send,
    postSystemMessage,
    edit: async (memberId: string, roomId: string, id: string, body: string) => (await change(memberId, roomId, id, 'edit', body)).row,
    remove: async (memberId: string, roomId: string, id: string) => (await change(memberId, roomId, id, 'delete')).row,
    history,
    markRead,
    openDm,
    closeCircleRoom,
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
 * Moderation: hides (or restores) a message inside the caller's transaction; the change takes the room's next seq.
 * Returns its roomId, or null when there is no such message. The caller emits `message.hidden` / `message.restored`
 * after its commit, which tells every socket.
 */
export async function setMessageHidden(db: DbOrTx, messageId: string, hidden: boolean, reason: string | null): Promise<string | null> {
  const changed = await changeMessage(db, { id: messageId, kind: hidden ? 'hide' : 'restore', reason });
  if (changed) return changed.row.roomId;
  return (await findMessage(db, messageId))?.roomId ?? null;
}

/** Moderation: the full stored message (hidden or deleted ones too), or null. */
export async function getMessageForReview(db: DbOrTx, id: string): Promise<MessageRow | null> {
  return findMessage(db, id);
}
