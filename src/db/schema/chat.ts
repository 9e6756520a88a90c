// Chat: rooms (one per circle, plus direct rooms), their messages with a gap-free per-room seq, DM membership, read markers.
import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.js';
import { members } from './members.js';

export const chatRooms = pgTable(
  'chat_rooms',
  {
    /** For a circle room, the circle's id. */
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['circle', 'direct'] }).notNull(),
    /** Direct rooms: the two member ids, sorted and joined by ':' (one room per pair). */
    pairKey: text('pair_key'),
    /** The seq of the room's newest message; bumped under the row lock in the same statement that inserts it. */
    lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Set when the circle closed: the room is read-only (history stays readable). */
    closedAt: ts('closed_at'),
  },
  (t) => [uniqueIndex('chat_rooms_pair_key_uq').on(t.pairKey).where(sql`${t.pairKey} is not null`)],
);

/** Members of direct rooms (circle rooms take their members from circle_members). */
export const chatRoomMembers = pgTable(
  'chat_room_members',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.memberId] }), index('chat_room_members_member_idx').on(t.memberId)],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** null for a system message (a meeting scheduled, moved or cancelled). */
    authorId: uuid('author_id').references(() => members.id, { onDelete: 'cascade' }),
    clientMsgId: text('client_msg_id').notNull(),
    body: text('body').notNull(),
    kind: text('kind', { enum: ['user', 'system'] }).notNull().default('user'),
    /** Structured detail of a system message (e.g. the meeting it is about). */
    meta: jsonb('meta').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    editedAt: ts('edited_at'),
    deletedAt: ts('deleted_at'),
    hiddenAt: ts('hidden_at'),
    hiddenReason: text('hidden_reason'),
  },
  (t) => [
    uniqueIndex('chat_messages_room_seq_uq').on(t.roomId, t.seq),
    uniqueIndex('chat_messages_client_msg_uq').on(t.roomId, t.authorId, t.clientMsgId),
    index('chat_messages_author_idx').on(t.authorId),
    check('chat_messages_kind_author_ck', sql`(${t.kind} = 'user' and ${t.authorId} is not null) or (${t.kind} = 'system' and ${t.authorId} is null)`),
  ],
);

export const chatReadMarkers = pgTable(
  'chat_read_markers',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.memberId] }), index('chat_read_markers_member_idx').on(t.memberId)],
);

/**
 * The room's event log beside its messages: an edit, delete, hide or restore takes the room's next seq (the same
 * counter as messages), so a resume replays every change in order. A message's own seq is its creation event.
 */
export const chatMessageChanges = pgTable(
  'chat_message_changes',
  {
    roomId: uuid('room_id')
      .notNull()
      .references(() => chatRooms.id, { onDelete: 'cascade' }),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['edit', 'delete', 'hide', 'restore'] }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.seq] }), index('chat_message_changes_message_idx').on(t.messageId)],
);
