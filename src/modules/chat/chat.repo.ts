// Data access for chat: membership-filtered room access, the one-statement gap-free insert, history, edits, read markers.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

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

export interface RoomAccess {
  id: string;
  kind: 'circle' | 'direct';
  lastSeq: number;
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

/** A PostgreSQL array literal passed as one text parameter (works the same on pg and PGlite). */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** True when the member belongs to the room: a proposed/accepted circle member, or a direct room's member; and active. */
const belongs = (roomId: string | SQL, memberId: string | SQL) => sql`(
  exists (select 1 from circle_members cm join members mm on mm.id = cm.member_id
          where cm.circle_id = ${roomId} and cm.member_id = ${memberId} and cm.status in ('proposed', 'accepted') and mm.status = 'active')
  or exists (select 1 from chat_room_members rm join members mm on mm.id = rm.member_id
          where rm.room_id = ${roomId} and rm.member_id = ${memberId} and mm.status = 'active'))`;

export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A circle's room row is made on first use (circles are created by matching, which knows nothing of chat). */
export async function ensureCircleRooms(db: DbOrTx, circleIds: readonly string[]): Promise<void> {
  if (!circleIds.length) return;
  await db.execute(sql`insert into chat_rooms (id, kind) select id, 'circle' from circles where id = any(${uuidArray(circleIds)}) on conflict do nothing`);
}

/** The room when the member may use it; null when it does not exist or the member does not belong (the caller answers 404 either way). */
export async function findRoomAccess(db: DbOrTx, roomId: string, memberId: string): Promise<RoomAccess | null> {
  const query = sql`select id, kind, last_seq::float8 as "lastSeq" from chat_rooms where id = ${roomId} and ${belongs(roomId, memberId)}`;
  let [room] = await rows<RoomAccess>(db, query);
  if (!room) {
    await ensureCircleRooms(db, [roomId]);
    [room] = await rows<RoomAccess>(db, query);
  }
  return room ?? null;
}

export async function findRoom(db: DbOrTx, roomId: string): Promise<RoomAccess | null> {
  const [room] = await rows<RoomAccess>(db, sql`select id, kind, last_seq::float8 as "lastSeq" from chat_rooms where id = ${roomId}`);
  return room ?? null;
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

/** Moves the member's read marker forward (never back), clamped to the room's last seq. */
export async function upsertReadMarker(db: DbOrTx, roomId: string, memberId: string, seq: number): Promise<number> {
  const [row] = await rows<{ seq: number }>(
    db,
    sql`insert into chat_read_markers (room_id, member_id, seq)
        values (${roomId}, ${memberId}, least(${seq}::bigint, (select last_seq from chat_rooms where id = ${roomId})))
        on conflict (room_id, member_id) do update set seq = greatest(chat_read_markers.seq, excluded.seq), updated_at = now()
        returning seq::float8 as seq`,
  );
  return row.seq;
}

export interface MyRoomRow {
  roomId: string;
  kind: 'circle' | 'direct';
  circleKind: string | null;
  circleName: string | null;
  lastSeq: number;
  readSeq: number;
  unread: number;
  peerId: string | null;
  peerName: string | null;
}

/**
 * Every room the member belongs to with unread counts (others' visible messages after the read marker).
 * Circles whose room was never used count as rooms with nothing in them.
 */
export async function listMyRooms(db: DbOrTx, memberId: string): Promise<MyRoomRow[]> {
  return rows<MyRoomRow>(
    db,
    sql`with mine as (
          select cm.circle_id as room_id, 'circle' as kind, c.kind as circle_kind, c.name as circle_name,
                 null::uuid as peer_id, null::text as peer_name
          from circle_members cm join circles c on c.id = cm.circle_id
          where cm.member_id = ${memberId} and cm.status in ('proposed', 'accepted')
          union all
          select rm.room_id, 'direct', null, null, other.member_id, om.display_name
          from chat_room_members rm
          join chat_room_members other on other.room_id = rm.room_id and other.member_id <> rm.member_id
          join members om on om.id = other.member_id
          where rm.member_id = ${memberId}
        )
        select mine.room_id as "roomId", mine.kind, mine.circle_kind as "circleKind", mine.circle_name as "circleName",
               mine.peer_id as "peerId", mine.peer_name as "peerName",
               coalesce(r.last_seq, 0)::float8 as "lastSeq", coalesce(rd.seq, 0)::float8 as "readSeq",
               (select count(*) from chat_messages m
                 where m.room_id = mine.room_id and m.seq > coalesce(rd.seq, 0) and m.author_id <> ${memberId}
                   and m.deleted_at is null and m.hidden_at is null)::float8 as unread
        from mine
        left join chat_rooms r on r.id = mine.room_id
        left join chat_read_markers rd on rd.room_id = mine.room_id and rd.member_id = ${memberId}
        order by mine.kind, mine.room_id`,
  );
}

/** The direct room of a pair, made once (the pair key is unique), with both members in it. */
export async function openDirectRoom(db: DbOrTx, a: string, b: string): Promise<{ roomId: string; created: boolean }> {
  const pairKey = [a, b].sort().join(':');
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into chat_rooms (kind, pair_key) values ('direct', ${pairKey}) on conflict (pair_key) where pair_key is not null do nothing returning id`,
  );
  const created = inserted.length > 0;
  const roomId = created ? inserted[0].id : (await rows<{ id: string }>(db, sql`select id from chat_rooms where pair_key = ${pairKey}`))[0].id;
  await db.execute(sql`insert into chat_room_members (room_id, member_id) values (${roomId}, ${a}), (${roomId}, ${b}) on conflict do nothing`);
  return { roomId, created };
}

export async function findActiveMember(db: DbOrTx, id: string): Promise<boolean> {
  const found = await rows<{ id: string }>(db, sql`select id from members where id = ${id} and status = 'active'`);
  return found.length > 0;
}

/** The newest seq of each given room. */
export async function lastSeqs(db: DbOrTx, roomIds: readonly string[]): Promise<Map<string, number>> {
  if (!roomIds.length) return new Map();
  const list = await rows<{ id: string; lastSeq: number }>(
    db,
    sql`select id, last_seq::float8 as "lastSeq" from chat_rooms where id = any(${uuidArray(roomIds)})`,
  );
  return new Map(list.map((r) => [r.id, r.lastSeq]));
}

/** Of the given (room, member) pairs, those that still belong (used to end subscriptions a missed event left open). */
export async function stillBelonging(db: DbOrTx, pairs: readonly { roomId: string; memberId: string }[]): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const list = await rows<{ key: string }>(
    db,
    sql`select p.room_id || ':' || p.member_id as key
        from unnest(${uuidArray(pairs.map((p) => p.roomId))}, ${uuidArray(pairs.map((p) => p.memberId))}) as p(room_id, member_id)
        where exists (select 1 from circle_members cm join members mm on mm.id = cm.member_id
                      where cm.circle_id = p.room_id and cm.member_id = p.member_id and cm.status in ('proposed', 'accepted') and mm.status = 'active')
           or exists (select 1 from chat_room_members rm join members mm on mm.id = rm.member_id
                      where rm.room_id = p.room_id and rm.member_id = p.member_id and mm.status = 'active')`,
  );
  return new Set(list.map((r) => r.key));
}

/** A PostgreSQL array literal of text, passed as one parameter (bodies may hold quotes, commas and backslashes). */
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[]`;
const bigintArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::bigint[]`;

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
      const item = items[index];
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
