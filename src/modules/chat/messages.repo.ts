// Data access for messages and the room's event log: the gap-free insert, system messages, changes that take a seq, replay.
import type { DbOrTx } from '../../db/client.js';
import { isoTs, rows, sql, uuidArray, bigintArray, type SQL } from '../../db/sql.js';
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

export const messageColumns = (m: string): SQL =>
  sql.raw(
    `${m}.id, ${m}.room_id as "roomId", ${m}.seq::float8 as seq, ${m}.author_id as "authorId", ${m}.kind, ${m}.client_msg_id as "clientMsgId",
     ${m}.body, ${m}.meta, ${iso(`${m}.created_at`)} as "createdAt", ${iso(`${m}.edited_at`)} as "editedAt",
     ${iso(`${m}.deleted_at`)} as "deletedAt", ${iso(`${m}.hidden_at`)} as "hiddenAt", ${m}.hidden_reason as "hiddenReason"`,
  );
// The kit's isoTs as raw text, for column lists built once.
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const MESSAGE_COLUMNS = messageColumns('chat_messages');

export interface InsertResult {
  row: Pick<MessageRow, 'id' | 'seq' | 'createdAt' | 'body'>;
  created: boolean;
}

/**
 * Stores a message in one statement (its own transaction): the room row's UPDATE takes the per-room lock and hands out
 * last_seq + 1, so concurrent senders in any number of processes commit in seq order with no gap. A repeated
 * clientMsgId finds the stored row instead (with its body, so the caller can tell a conflict); a duplicate that commits
 * while we wait for the lock makes the unique index fail the whole statement (nothing bumped), and the caller's retry
 * then finds it. Null: not a member, no room row, or the room is closed.
 */
export async function insertMessage(
  db: DbOrTx,
  input: { id: string; roomId: string; authorId: string; clientMsgId: string; body: string },
): Promise<InsertResult | null> {
  const { id, roomId, authorId, clientMsgId, body } = input;
  const result = await rows<{ id: string; seq: number; createdAt: string; body: string; created: boolean }>(
    db,
    sql`with existing as (
          select id, seq, created_at, body from chat_messages where room_id = ${roomId} and author_id = ${authorId} and client_msg_id = ${clientMsgId}
        ), bump as (
          update chat_rooms set last_seq = last_seq + 1
          where id = ${roomId} and closed_at is null and not exists (select 1 from existing) and ${belongs(roomId, authorId)}
          returning last_seq
        ), ins as (
          insert into chat_messages (id, room_id, seq, author_id, client_msg_id, body)
          select ${id}, ${roomId}, bump.last_seq, ${authorId}, ${clientMsgId}, ${body} from bump
          returning id, seq, created_at, body
        )
        select id, seq::float8 as seq, ${isoTs(sql.raw('created_at'))} as "createdAt", body, true as created from ins
        union all
        select id, seq::float8, ${isoTs(sql.raw('created_at'))}, body, false from existing`,
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
          update chat_rooms set last_seq = last_seq + 1 where id = ${input.roomId} returning last_seq
        ), ins as (
          insert into chat_messages (id, room_id, seq, author_id, kind, client_msg_id, body, meta)
          select ${input.id}, ${input.roomId}, bump.last_seq, null, 'system', ${`system:${input.id}`}, ${input.body},
                 ${input.meta === null ? null : JSON.stringify(input.meta)}::jsonb
          from bump
          returning *
        )
        select ${messageColumns('ins')} from ins`,
  );
  return row ?? null;
}

/** Messages (creations only) with seq > afterSeq (and ≤ uptoSeq), oldest first: history pages. */
export async function messagesAfter(db: DbOrTx, roomId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<MessageRow[]> {
  const upper = uptoSeq === undefined ? sql`` : sql` and seq <= ${uptoSeq}`;
  return rows<MessageRow>(db, sql`select ${MESSAGE_COLUMNS} from chat_messages where room_id = ${roomId} and seq > ${afterSeq}${upper} order by seq limit ${limit}`);
}

/** The newest `limit` messages with seq < beforeSeq, returned oldest first. */
export async function messagesBefore(db: DbOrTx, roomId: string, beforeSeq: number, limit: number): Promise<MessageRow[]> {
  const list = await rows<MessageRow>(
    db,
    sql`select ${MESSAGE_COLUMNS} from chat_messages where room_id = ${roomId} and seq < ${beforeSeq} order by seq desc limit ${limit}`,
  );
  return list.reverse();
}

export async function findMessage(db: DbOrTx, id: string): Promise<MessageRow | null> {
  const [row] = await rows<MessageRow>(db, sql`select ${MESSAGE_COLUMNS} from chat_messages where id = ${id}`);
  return row ?? null;
}

type EventRaw = MessageRow & { eventSeq: number; eventKind: RoomEvent['kind'] };
const toEvent = (r: EventRaw): RoomEvent => {
  const { eventSeq, eventKind, ...row } = r;
  return { seq: eventSeq, kind: eventKind, row };
};

/** The room's log after a seq, in order: each message at its own seq and each change at the seq it took (current state). */
export async function eventsAfterMany(db: DbOrTx, wants: readonly { roomId: string; after: number }[], perRoom: number): Promise<RoomEvent[]> {
  if (!wants.length) return [];
  const list = await rows<EventRaw>(
    db,
    sql`select e.* from unnest(${uuidArray(wants.map((w) => w.roomId))}, ${bigintArray(wants.map((w) => w.after))}) as w(room_id, after)
        cross join lateral (
          select * from (
            select m.seq::float8 as "eventSeq", 'message' as "eventKind", ${messageColumns('m')}
            from chat_messages m where m.room_id = w.room_id and m.seq > w.after
            union all
            select c.seq::float8, c.kind, ${messageColumns('m')}
            from chat_message_changes c join chat_messages m on m.id = c.message_id
            where c.room_id = w.room_id and c.seq > w.after
          ) u order by "eventSeq" limit ${perRoom}
        ) e`,
  );
  return list.map(toEvent).sort((a, b) => (a.row.roomId === b.row.roomId ? a.seq - b.seq : a.row.roomId < b.row.roomId ? -1 : 1));
}

const CHANGE_SET: Record<ChangeKind, (reason: string | null) => SQL> = {
  edit: () => sql``,
  delete: () => sql`deleted_at = now()`,
  hide: (reason) => sql`hidden_at = now(), hidden_reason = ${reason}`,
  restore: () => sql`hidden_at = null, hidden_reason = null`,
};
const CHANGE_WHEN: Record<ChangeKind, SQL> = {
  edit: sql`deleted_at is null and hidden_at is null`,
  // A message a moderator hid stays as the moderator left it: its author can neither edit nor delete it.
  delete: sql`deleted_at is null and hidden_at is null`,
  hide: sql`hidden_at is null`,
  restore: sql`hidden_at is not null`,
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
      sql`select r.id from chat_rooms r where r.id = (select room_id from chat_messages where id = ${input.id}) for update`,
    );
    if (!room || (input.roomId !== undefined && room.id !== input.roomId)) return null;
    const set = input.kind === 'edit' ? sql`body = ${input.body ?? ''}, edited_at = now()` : CHANGE_SET[input.kind](input.reason ?? null);
    const author = input.authorId === undefined ? sql`` : sql` and author_id = ${input.authorId}`;
    const [row] = await rows<MessageRow>(
      tx,
      sql`update chat_messages set ${set} where id = ${input.id} and ${CHANGE_WHEN[input.kind]}${author} returning ${MESSAGE_COLUMNS}`,
    );
    if (!row) return null;
    const [bumped] = await rows<{ seq: number }>(
      tx,
      sql`with bump as (update chat_rooms set last_seq = last_seq + 1 where id = ${room.id} returning last_seq)
          insert into chat_message_changes (room_id, seq, message_id, kind) select ${room.id}, last_seq, ${input.id}, ${input.kind} from bump
          returning seq::float8 as seq`,
    );
    return { row, seq: bumped!.seq };
  });
}
