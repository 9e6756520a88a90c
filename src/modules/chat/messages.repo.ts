// Data access for messages: the one-statement gap-free insert, the group-commit batch, history, edits, deletes, hiding.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { belongs, bigintArray, rows, textArray, uuidArray } from './chat.sql.js';

export interface MessageRow {
  id: string;
  roomId: string;
  seq: number;
  authorId: string;
  clientMsgId: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  hiddenAt: Date | null;
  hiddenReason: string | null;
}

// Raw queries get timestamps as driver-specific strings; epoch milliseconds read the same on pg and PGlite.
const ms = (column: string, as: string) => `(extract(epoch from ${column}) * 1000)::float8 as "${as}"`;
const MESSAGE_COLUMNS = sql.raw(
  `id, room_id as "roomId", seq::float8 as seq, author_id as "authorId", client_msg_id as "clientMsgId", body,
   ${ms('created_at', 'createdAt')}, ${ms('edited_at', 'editedAt')}, ${ms('deleted_at', 'deletedAt')}, ${ms('hidden_at', 'hiddenAt')},
   hidden_reason as "hiddenReason"`,
);

type Raw<T> = { [K in keyof T]: T[K] extends Date ? number : T[K] extends Date | null ? number | null : T[K] };
const date = (v: number | null) => (v === null ? null : new Date(v));

function toMessage(raw: Raw<MessageRow>): MessageRow {
  return { ...raw, createdAt: new Date(raw.createdAt), editedAt: date(raw.editedAt), deletedAt: date(raw.deletedAt), hiddenAt: date(raw.hiddenAt) };
}

async function messages(db: DbOrTx, query: ReturnType<typeof sql>): Promise<MessageRow[]> {
  return (await rows<Raw<MessageRow>>(db, query)).map(toMessage);
}

export interface InsertResult {
  row: Pick<MessageRow, 'id' | 'seq' | 'createdAt'>;
  created: boolean;
}

/**
 * Stores a message in one statement (its own transaction): the room row's UPDATE takes the per-room lock and hands out
 * last_seq + 1, so concurrent senders in any number of processes commit in seq order with no gap. A repeated
 * clientMsgId finds the stored row instead; a duplicate that commits while we wait for the lock makes the unique index
 * fail the whole statement (nothing bumped), and the caller's retry then finds it. Null: not a member (or no room row).
 */
export async function insertMessage(
  db: DbOrTx,
  input: { id: string; roomId: string; authorId: string; clientMsgId: string; body: string },
): Promise<InsertResult | null> {
  const { id, roomId, authorId, clientMsgId, body } = input;
  const result = await rows<{ id: string; seq: number; createdAt: number; created: boolean }>(
    db,
    sql`with existing as (
          select id, seq, created_at from chat_messages where room_id = ${roomId} and author_id = ${authorId} and client_msg_id = ${clientMsgId}
        ), bump as (
          update chat_rooms set last_seq = last_seq + 1
          where id = ${roomId} and not exists (select 1 from existing) and ${belongs(roomId, authorId)}
          returning last_seq
        ), ins as (
          insert into chat_messages (id, room_id, seq, author_id, client_msg_id, body)
          select ${id}, ${roomId}, bump.last_seq, ${authorId}, ${clientMsgId}, ${body} from bump
          returning id, seq, created_at
        )
        select id, seq::float8 as seq, ${sql.raw(ms('created_at', 'createdAt'))}, true as created from ins
        union all
        select id, seq::float8, (extract(epoch from created_at) * 1000)::float8, false from existing`,
  );
  const [first] = result;
  return first ? { row: { id: first.id, seq: first.seq, createdAt: new Date(first.createdAt) }, created: first.created } : null;
}

/** Messages with seq > afterSeq (and ≤ uptoSeq), oldest first. */
export async function messagesAfter(db: DbOrTx, roomId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<MessageRow[]> {
  const upper = uptoSeq === undefined ? sql`` : sql` and seq <= ${uptoSeq}`;
  return messages(
    db,
    sql`select ${MESSAGE_COLUMNS} from chat_messages where room_id = ${roomId} and seq > ${afterSeq}${upper} order by seq limit ${limit}`,
  );
}

/** The newest `limit` messages with seq < beforeSeq, returned oldest first. */
export async function messagesBefore(db: DbOrTx, roomId: string, beforeSeq: number, limit: number): Promise<MessageRow[]> {
  const list = await messages(
    db,
    sql`select ${MESSAGE_COLUMNS} from chat_messages where room_id = ${roomId} and seq < ${beforeSeq} order by seq desc limit ${limit}`,
  );
  return list.reverse();
}

export async function findMessage(db: DbOrTx, id: string): Promise<MessageRow | null> {
  const [row] = await messages(db, sql`select ${MESSAGE_COLUMNS} from chat_messages where id = ${id}`);
  return row ?? null;
}

export async function findMessages(db: DbOrTx, ids: readonly string[]): Promise<MessageRow[]> {
  if (!ids.length) return [];
  return messages(db, sql`select ${MESSAGE_COLUMNS} from chat_messages where id = any(${uuidArray(ids)}) order by seq`);
}

/** Author's edit of a visible message; null when nothing matched (the caller finds out why). */
export async function updateMessageBody(db: DbOrTx, input: { roomId: string; id: string; authorId: string; body: string }): Promise<MessageRow | null> {
  const [row] = await messages(
    db,
    sql`update chat_messages set body = ${input.body}, edited_at = now()
        where id = ${input.id} and room_id = ${input.roomId} and author_id = ${input.authorId} and deleted_at is null and hidden_at is null
        returning ${MESSAGE_COLUMNS}`,
  );
  return row ?? null;
}

/** Author's delete: a tombstone keeps the seq (so no client ever sees a gap); the body stays for moderation only. */
export async function markMessageDeleted(db: DbOrTx, input: { roomId: string; id: string; authorId: string }): Promise<MessageRow | null> {
  const [row] = await messages(
    db,
    sql`update chat_messages set deleted_at = now()
        where id = ${input.id} and room_id = ${input.roomId} and author_id = ${input.authorId} and deleted_at is null
        returning ${MESSAGE_COLUMNS}`,
  );
  return row ?? null;
}

export async function setHidden(db: DbOrTx, id: string, hidden: boolean, reason: string | null): Promise<string | null> {
  const [row] = await rows<{ roomId: string }>(
    db,
    hidden
      ? sql`update chat_messages set hidden_at = coalesce(hidden_at, now()), hidden_reason = ${reason} where id = ${id} returning room_id as "roomId"`
      : sql`update chat_messages set hidden_at = null, hidden_reason = null where id = ${id} returning room_id as "roomId"`,
  );
  return row?.roomId ?? null;
}

export interface BatchInput {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
}

/**
 * Group commit: many sends in one transaction. The rooms are locked in id order first (so concurrent batches, in any
 * process, cannot deadlock), then duplicates and membership are checked under the lock, seqs handed out in input order,
 * and the messages and new last_seq values written in one statement. Results line up with the input (null: not a member).
 */
export async function insertMessages(db: DbOrTx, items: readonly BatchInput[]): Promise<(InsertResult | null)[]> {
  return db.transaction(async (tx) => {
    const roomIds = [...new Set(items.map((i) => i.roomId))].sort();
    const locked = await rows<{ id: string; lastSeq: number }>(
      tx,
      sql`select id, last_seq::float8 as "lastSeq" from chat_rooms where id = any(${uuidArray(roomIds)}) order by id for update`,
    );
    const last = new Map(locked.map((r) => [r.id, r.lastSeq]));
    const checks = await rows<{ ord: number; existingId: string | null; existingSeq: number | null; existingAt: number | null; allowed: boolean }>(
      tx,
      sql`select i.ord::int as ord, e.id as "existingId", e.seq::float8 as "existingSeq",
                 (extract(epoch from e.created_at) * 1000)::float8 as "existingAt",
                 ${belongs(sql.raw('i.room_id'), sql.raw('i.author_id'))} as allowed
          from unnest(${uuidArray(items.map((i) => i.roomId))}, ${uuidArray(items.map((i) => i.authorId))}, ${textArray(items.map((i) => i.clientMsgId))})
               with ordinality as i(room_id, author_id, client_msg_id, ord)
          left join chat_messages e on e.room_id = i.room_id and e.author_id = i.author_id and e.client_msg_id = i.client_msg_id`,
    );
    const results: (InsertResult | null)[] = items.map(() => null);
    const fresh: (BatchInput & { seq: number; index: number })[] = [];
    checks.sort((x, y) => x.ord - y.ord); // the join may return rows in any order; seqs follow the input's
    for (const check of checks) {
      const index = check.ord - 1;
      const item = items[index]!;
      if (check.existingId !== null) {
        results[index] = { row: { id: check.existingId, seq: check.existingSeq!, createdAt: new Date(check.existingAt!) }, created: false };
      } else if (check.allowed && last.has(item.roomId)) {
        const seq = last.get(item.roomId)! + 1;
        last.set(item.roomId, seq);
        fresh.push({ ...item, seq, index });
      }
    }
    if (!fresh.length) return results;
    fresh.sort((a, b) => a.index - b.index);
    const bumped = [...new Set(fresh.map((f) => f.roomId))];
    const inserted = await rows<{ id: string; createdAt: number }>(
      tx,
      sql`with bump as (
            update chat_rooms r set last_seq = v.seq from unnest(${uuidArray(bumped)}, ${bigintArray(bumped.map((id) => last.get(id)!))}) as v(id, seq)
            where r.id = v.id
          )
          insert into chat_messages (id, room_id, seq, author_id, client_msg_id, body)
          select * from unnest(${uuidArray(fresh.map((f) => f.id))}, ${uuidArray(fresh.map((f) => f.roomId))}, ${bigintArray(fresh.map((f) => f.seq))},
                               ${uuidArray(fresh.map((f) => f.authorId))}, ${textArray(fresh.map((f) => f.clientMsgId))}, ${textArray(fresh.map((f) => f.body))})
          returning id, (extract(epoch from created_at) * 1000)::float8 as "createdAt"`,
    );
    const createdAt = new Map(inserted.map((r) => [r.id, r.createdAt]));
    for (const f of fresh) results[f.index] = { row: { id: f.id, seq: f.seq, createdAt: new Date(createdAt.get(f.id)!) }, created: true };
    return results;
  });
}

/** New messages of many rooms in one query: for each (room, after) up to `perRoom` rows with seq > after, in seq order. */
export async function messagesAfterMany(db: DbOrTx, wants: readonly { roomId: string; after: number }[], perRoom: number): Promise<MessageRow[]> {
  if (!wants.length) return [];
  return messages(
    db,
    sql`select m.* from unnest(${uuidArray(wants.map((w) => w.roomId))}, ${bigintArray(wants.map((w) => w.after))}) as w(room_id, after)
        cross join lateral (
          select ${MESSAGE_COLUMNS} from chat_messages c where c.room_id = w.room_id and c.seq > w.after order by c.seq limit ${perRoom}
        ) m`,
  );
}
