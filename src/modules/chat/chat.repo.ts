// Data access for rooms: membership-filtered access (404 when not yours), direct rooms, read markers, my rooms, last seqs.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { belongs, rows, uuidArray } from './chat.sql.js';

export * from './messages.repo.js';

export interface RoomAccess {
  id: string;
  kind: 'circle' | 'direct';
  lastSeq: number;
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

/** Moves the member's read marker forward (never back), clamped to the room's last seq. */
export async function upsertReadMarker(db: DbOrTx, roomId: string, memberId: string, seq: number): Promise<number> {
  const [row] = await rows<{ seq: number }>(
    db,
    sql`insert into chat_read_markers (room_id, member_id, seq)
        values (${roomId}, ${memberId}, least(${seq}::bigint, (select last_seq from chat_rooms where id = ${roomId})))
        on conflict (room_id, member_id) do update set seq = greatest(chat_read_markers.seq, excluded.seq), updated_at = now()
        returning seq::float8 as seq`,
  );
  return row!.seq;
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
  const roomId = created ? inserted[0]!.id : (await rows<{ id: string }>(db, sql`select id from chat_rooms where pair_key = ${pairKey}`))[0]!.id;
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
