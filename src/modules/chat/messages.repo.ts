// Data access for messages and the room's event log: the gap-free insert, system messages, changes that take a seq, replay.
import { fillPlaceholders } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from '../../db/client.js';
import { chatMessageChanges, chatMessages, chatRooms } from '../../db/schema/index.js';
import { columnNames, isoTs, render, renderedRows, rows, sql, type SQL } from '../../db/sql.js';
import { belongs } from './rooms.repo.js';

export interface MessageRow {
  id: string;
  roomId: string;
  seq: number;
  /** null for a system message. */
  authorId: string | null;
  kind: 'user' | 'system';
  clientMsgId: string;
  body: string;
  meta: Record<string, unknown> | null;
  /** ISO-8601 UTC strings (millisecond precision), as they leave the API. */
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
  hiddenReason: string | null;
}

export type ChangeKind = 'edit' | 'delete' | 'hide' | 'restore';

/** One entry of a room's ordered log: a message's creation (its own seq) or a later change to it (a seq of its own). */
export interface RoomEvent {
  seq: number;
  kind: 'message' | ChangeKind;
  row: MessageRow;
}

/** A message row's columns as MessageRow names, from the table or an alias of it (`alias(chatMessages, 'm')`). */
const messageColumns = (m: Record<keyof typeof chatMessages._.columns, AnyPgColumn>): SQL =>
  sql`${m.id} as id, ${m.roomId} as "roomId", ${m.seq}::float8 as seq, ${m.authorId} as "authorId", ${m.kind} as kind,
      ${m.clientMsgId} as "clientMsgId", ${m.body} as body, ${m.meta} as meta, ${isoTs(m.createdAt)} as "createdAt",
      ${isoTs(m.editedAt)} as "editedAt", ${isoTs(m.deletedAt)} as "deletedAt", ${isoTs(m.hiddenAt)} as "hiddenAt",
      ${m.hiddenReason} as "hiddenReason"`;
const MESSAGE_COLUMNS = messageColumns(chatMessages);
const m = alias(chatMessages, 'm');
const c = alias(chatMessageChanges, 'c');

export interface InsertResult {
  row: Pick<MessageRow, 'id' | 'seq' | 'createdAt' | 'body'>;
  created: boolean;
}

const ph = (name: string) => sql`${sql.placeholder(name)}`;

/**
 * Stores a message in one statement (its own transaction): the room row's UPDATE takes the per-room lock and hands out
 * last_seq + 1, so concurrent senders in any number of processes commit in seq order with no gap. A repeated
 * clientMsgId finds the stored row instead (with its body, so the caller can tell a conflict); a duplicate that commits
 * while we wait for the lock makes the unique index fail the whole statement (nothing bumped), and the caller's retry
 * then finds it. Null: not a member, no room row, or the room is closed.
 */
const INSERT = render(sql`with existing as (
    select ${chatMessages.id} as id, ${chatMessages.seq} as seq, ${chatMessages.createdAt} as created_at, ${chatMessages.body} as body from ${chatMessages}
    where ${chatMessages.roomId} = ${ph('roomId')} and ${chatMessages.authorId} = ${ph('authorId')} and ${chatMessages.clientMsgId} = ${ph('clientMsgId')}
  ), bump as (
    update ${chatRooms} set ${columnNames(chatRooms.lastSeq)} = ${chatRooms.lastSeq} + 1
    where ${chatRooms.id} = ${ph('roomId')} and ${chatRooms.closedAt} is null and not exists (select 1 from existing) and ${belongs(ph('roomId'), ph('authorId'))}
    returning ${chatRooms.lastSeq} as last_seq
  ), ins as (
    insert into ${chatMessages} (${columnNames(chatMessages.id, chatMessages.roomId, chatMessages.seq, chatMessages.authorId, chatMessages.clientMsgId, chatMessages.body)})
    select ${ph('id')}, ${ph('roomId')}, bump.last_seq, ${ph('authorId')}, ${ph('clientMsgId')}, ${ph('body')} from bump
    returning id, seq, created_at, body
  )
  select id, seq::float8 as seq, ${isoTs(sql.raw('created_at'))} as "createdAt", body, true as created from ins
  union all
  select id, seq::float8, ${isoTs(sql.raw('created_at'))}, body, false from existing`);

export async function insertMessage(
  database: Database,
  input: { id: string; roomId: string; authorId: string; clientMsgId: string; body: string },
): Promise<InsertResult | null> {
  const result = await renderedRows<{ id: string; seq: number; createdAt: string; body: string; created: boolean }>(
    database,
    INSERT.sql,
    fillPlaceholders(INSERT.params, input),
  );
  const [first] = result;
  return first ? { row: { id: first.id, seq: first.seq, createdAt: first.createdAt, body: first.body }, created: first.created } : null;
}

/** A system message (no author): takes the room's next seq like any message, also in a closed room. Null: no room row. */
export async function insertSystemMessage(
  db: DbOrTx,
  input: { id: string; roomId: string; body: string; meta: Record<string, unknown> | null },
): Promise<MessageRow | null> {
  const [row] = await rows<MessageRow>(
    db,
    sql`with bump as (
          update ${chatRooms} set ${columnNames(chatRooms.lastSeq)} = ${chatRooms.lastSeq} + 1 where ${chatRooms.id} = ${input.roomId} returning ${chatRooms.lastSeq} as last_seq
        ), ins as (
          insert into ${chatMessages} (${columnNames(chatMessages.id, chatMessages.roomId, chatMessages.seq, chatMessages.authorId, chatMessages.kind, chatMessages.clientMsgId, chatMessages.body, chatMessages.meta)})
          select ${input.id}, ${input.roomId}, bump.last_seq, null, 'system', ${`system:${input.id}`}, ${input.body},
                 ${input.meta === null ? null : JSON.stringify(input.meta)}::jsonb
          from bump
          returning *
        )
        select ${messageColumns(alias(chatMessages, 'ins'))} from ins`,
  );
  return row ?? null;
}

/** Messages (creations only) with seq > afterSeq (and ≤ uptoSeq), oldest first: history pages. */
export async function messagesAfter(db: DbOrTx, roomId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<MessageRow[]> {
  const upper = uptoSeq === undefined ? sql`` : sql` and ${chatMessages.seq} <= ${uptoSeq}`;
  return rows<MessageRow>(db, sql`select ${MESSAGE_COLUMNS} from ${chatMessages} where ${chatMessages.roomId} = ${roomId} and ${chatMessages.seq} > ${afterSeq}${upper} order by ${chatMessages.seq} limit ${limit}`);
}

/** The newest `limit` messages with seq < beforeSeq, returned oldest first. */
export async function messagesBefore(db: DbOrTx, roomId: string, beforeSeq: number, limit: number): Promise<MessageRow[]> {
  const list = await rows<MessageRow>(
    db,
    sql`select ${MESSAGE_COLUMNS} from ${chatMessages} where ${chatMessages.roomId} = ${roomId} and ${chatMessages.seq} < ${beforeSeq} order by ${chatMessages.seq} desc limit ${limit}`,
  );
  return list.reverse();
}

export async function findMessage(db: DbOrTx, id: string): Promise<MessageRow | null> {
  const [row] = await rows<MessageRow>(db, sql`select ${MESSAGE_COLUMNS} from ${chatMessages} where ${chatMessages.id} = ${id}`);
  return row ?? null;
}

type EventRaw = MessageRow & { eventSeq: number; eventKind: RoomEvent['kind'] };
const toEvent = (r: EventRaw): RoomEvent => {
  const { eventSeq, eventKind, ...row } = r;
  return { seq: eventSeq, kind: eventKind, row };
};

/** The room's log after a seq for many rooms, rendered once (the replay and the live pump's one query per round). */
const EVENTS = render(sql`select e.* from unnest(${sql.placeholder('rooms')}::uuid[], ${sql.placeholder('afters')}::bigint[]) as w(room_id, after)
  cross join lateral (
    select * from (
      select ${m.seq}::float8 as "eventSeq", 'message' as "eventKind", ${messageColumns(m)}
      from ${chatMessages} ${m} where ${m.roomId} = w.room_id and ${m.seq} > w.after
      union all
      select ${c.seq}::float8, ${c.kind}, ${messageColumns(m)}
      from ${chatMessageChanges} ${c} join ${chatMessages} ${m} on ${m.id} = ${c.messageId}
      where ${c.roomId} = w.room_id and ${c.seq} > w.after
    ) u order by "eventSeq" limit ${sql.placeholder('perRoom')}
  ) e`);

/** The room's log after a seq, in order: each message at its own seq and each change at the seq it took (current state). */
export async function eventsAfterMany(database: Database, wants: readonly { roomId: string; after: number }[], perRoom: number): Promise<RoomEvent[]> {
  if (!wants.length) return [];
  const list = await renderedRows<EventRaw>(
    database,
    EVENTS.sql,
    fillPlaceholders(EVENTS.params, {
      rooms: `{${wants.map((w) => w.roomId).join(',')}}`,
      afters: `{${wants.map((w) => Math.trunc(w.after)).join(',')}}`,
      perRoom,
    }),
  );
  return list.map(toEvent).sort((a, b) => (a.row.roomId === b.row.roomId ? a.seq - b.seq : a.row.roomId < b.row.roomId ? -1 : 1));
}

const CHANGE_SET: Record<ChangeKind, (reason: string | null) => SQL> = {
  edit: () => sql``,
  delete: () => sql`${columnNames(chatMessages.deletedAt)} = now()`,
  hide: (reason) => sql`${columnNames(chatMessages.hiddenAt)} = now(), ${columnNames(chatMessages.hiddenReason)} = ${reason}`,
  restore: () => sql`${columnNames(chatMessages.hiddenAt)} = null, ${columnNames(chatMessages.hiddenReason)} = null`,
};
const CHANGE_WHEN: Record<ChangeKind, SQL> = {
  edit: sql`${chatMessages.deletedAt} is null and ${chatMessages.hiddenAt} is null`,
  // A message a moderator hid stays as the moderator left it: its author can neither edit nor delete it.
  delete: sql`${chatMessages.deletedAt} is null and ${chatMessages.hiddenAt} is null`,
  hide: sql`${chatMessages.hiddenAt} is null`,
  restore: sql`${chatMessages.hiddenAt} is not null`,
};

/**
 * A change to a message that takes the room's next seq: the room row is locked first (the order every writer uses),
 * the message updated only if it still qualifies, then the seq bumped and the change logged, in one transaction.
 * Null when nothing qualified (nothing is written, no seq is used).
 */
export async function changeMessage(
  db: DbOrTx,
  input: { id: string; kind: ChangeKind; roomId?: string; authorId?: string; body?: string; reason?: string | null },
): Promise<{ row: MessageRow; seq: number } | null> {
  return db.transaction(async (tx) => {
    const [room] = await rows<{ id: string }>(
      tx,
      sql`select ${chatRooms.id} as id from ${chatRooms} where ${chatRooms.id} = (select ${chatMessages.roomId} from ${chatMessages} where ${chatMessages.id} = ${input.id}) for update`,
    );
    if (!room || (input.roomId !== undefined && room.id !== input.roomId)) return null;
    const set = input.kind === 'edit' ? sql`${columnNames(chatMessages.body)} = ${input.body ?? ''}, ${columnNames(chatMessages.editedAt)} = now()` : CHANGE_SET[input.kind](input.reason ?? null);
    const author = input.authorId === undefined ? sql`` : sql` and ${chatMessages.authorId} = ${input.authorId}`;
    const [row] = await rows<MessageRow>(
      tx,
      sql`update ${chatMessages} set ${set} where ${chatMessages.id} = ${input.id} and ${CHANGE_WHEN[input.kind]}${author} returning ${MESSAGE_COLUMNS}`,
    );
    if (!row) return null;
    const [bumped] = await rows<{ seq: number }>(
      tx,
      sql`with bump as (update ${chatRooms} set ${columnNames(chatRooms.lastSeq)} = ${chatRooms.lastSeq} + 1 where ${chatRooms.id} = ${room.id} returning ${chatRooms.lastSeq} as last_seq)
          insert into ${chatMessageChanges} (${columnNames(chatMessageChanges.roomId, chatMessageChanges.seq, chatMessageChanges.messageId, chatMessageChanges.kind)}) select ${room.id}, last_seq, ${input.id}, ${input.kind} from bump
          returning seq::float8 as seq`,
    );
    return { row, seq: bumped!.seq };
  });
}
