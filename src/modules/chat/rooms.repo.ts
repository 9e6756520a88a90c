// Data access for rooms: membership-filtered access (404 when not yours), direct rooms, read markers, my rooms, last seqs.
import type { DbOrTx } from '../../db/client.js';
import { chatMessages, chatReadMarkers, chatRoomMembers, chatRooms } from '../../db/schema/index.js';
import { memberView, isActiveMember } from '../members/read-port.js';
import { firstRow, isoTs, rows, sql, uuidArray, type SQL } from '../../db/sql.js';
import { memberCircles } from '../matching/circle-views.js';
import { isCircleMember } from '../matching/membership.js';

export interface RoomAccess {
  id: string;
  kind: 'circle' | 'direct';
  lastSeq: number;
  /** ISO time the room became read-only (its circle closed), or null. */
  closedAt: string | null;
}


/** True when the member belongs to the room (a circle's member by matching's rule, or a direct room's member) and is active. */
export const belongs = (roomId: SQL | string, memberId: SQL | string): SQL => sql`(${isActiveMember(memberId)} and (
  ${isCircleMember(roomId, memberId)}
  or exists (select 1 from ${chatRoomMembers} where ${chatRoomMembers.roomId} = ${roomId} and ${chatRoomMembers.memberId} = ${memberId})))`;

// Bare column names from the schema (an alias such as `r`, an insert's column list and `excluded.` need them unqualified).
const [id, kind, lastSeq, closedAt, pairKey] = [chatRooms.id, chatRooms.kind, chatRooms.lastSeq, chatRooms.closedAt, chatRooms.pairKey].map((c) => sql.identifier(c.name));
const [inRoomId, inMemberId] = [chatRoomMembers.roomId, chatRoomMembers.memberId].map((c) => sql.identifier(c.name));
const [markerRoomId, markerMemberId, markerSeq, markerUpdatedAt] = [chatReadMarkers.roomId, chatReadMarkers.memberId, chatReadMarkers.seq, chatReadMarkers.updatedAt].map((c) =>
  sql.identifier(c.name),
);

const ROOM_COLUMNS = sql`${id}, ${kind}, ${lastSeq}::float8 as "lastSeq", ${isoTs(closedAt)} as "closedAt"`;

/** Circle rooms named by matching's events (a round was published): made at once, so the first send finds them. */
export async function ensureCircleRooms(db: DbOrTx, circleIds: readonly string[]): Promise<void> {
  if (!circleIds.length) return;
  await db.execute(sql`insert into ${chatRooms} (id, kind) select unnest(${uuidArray(circleIds)}), 'circle' on conflict do nothing`);
}

/** The room when the member may use it; null when it does not exist or the member does not belong (the caller answers 404 either way). */
export async function findRoomAccess(db: DbOrTx, roomId: string, memberId: string): Promise<RoomAccess | null> {
  const query = sql`select ${ROOM_COLUMNS} from ${chatRooms} where ${id} = ${roomId} and ${belongs(roomId, memberId)}`;
  let room = await firstRow<RoomAccess>(db, query);
  if (!room) {
    // A circle's room is made on first use by one of its members (circles come from matching, which knows nothing of chat).
    await db.execute(sql`insert into ${chatRooms} (id, kind) select ${roomId}, 'circle' where ${isCircleMember(roomId, memberId)} on conflict do nothing`);
    room = await firstRow<RoomAccess>(db, query);
  }
  return room ?? null;
}

/** Many rooms at once for one member (resume): the ones the member may use. */
export async function findRoomsAccess(db: DbOrTx, roomIds: readonly string[], memberId: string): Promise<RoomAccess[]> {
  if (!roomIds.length) return [];
  return rows<RoomAccess>(db, sql`select ${ROOM_COLUMNS} from ${chatRooms} r where ${id} = any(${uuidArray(roomIds)}) and ${belongs(sql`r.${id}`, memberId)}`);
}

export async function findRoom(db: DbOrTx, roomId: string): Promise<RoomAccess | null> {
  return (await firstRow<RoomAccess>(db, sql`select ${ROOM_COLUMNS} from ${chatRooms} where ${id} = ${roomId}`)) ?? null;
}

/** Makes a circle's room read-only (made first if it was never used); returns false when it already was. */
export async function closeRoom(db: DbOrTx, roomId: string): Promise<boolean> {
  await ensureCircleRooms(db, [roomId]);
  const closed = await rows<{ id: string }>(db, sql`update ${chatRooms} set ${closedAt} = now() where ${id} = ${roomId} and ${closedAt} is null returning ${id}`);
  return closed.length > 0;
}

/** Moves the member's read marker forward (never back), clamped to the room's last seq; with the unread count after it. */
export async function upsertReadMarker(db: DbOrTx, roomId: string, memberId: string, seq: number): Promise<{ seq: number; unread: number }> {
  const row = await firstRow<{ seq: number }>(
    db,
    sql`insert into ${chatReadMarkers} (${markerRoomId}, ${markerMemberId}, ${markerSeq})
        values (${roomId}, ${memberId}, least(${seq}::bigint, (select ${lastSeq} from ${chatRooms} where ${id} = ${roomId})))
        on conflict (${markerRoomId}, ${markerMemberId}) do update set ${markerSeq} = greatest(${chatReadMarkers.seq}, excluded.${markerSeq}), ${markerUpdatedAt} = now()
        returning ${markerSeq}::float8 as seq`,
  );
  const marker = row!.seq;
  const count = await firstRow<{ unread: number }>(db, sql`select ${unreadAfter(roomId, memberId, marker)} as unread`);
  return { seq: marker, unread: count!.unread };
}

const [msgRoomId, msgSeq, msgAuthorId, msgDeletedAt, msgHiddenAt] = [chatMessages.roomId, chatMessages.seq, chatMessages.authorId, chatMessages.deletedAt, chatMessages.hiddenAt].map((c) =>
  sql.identifier(c.name),
);
const unreadAfter = (roomId: SQL | string, memberId: string, seq: SQL | number) =>
  sql`(select count(*) from ${chatMessages} m where m.${msgRoomId} = ${roomId} and m.${msgSeq} > ${seq} and m.${msgAuthorId} is distinct from ${memberId}
        and m.${msgDeletedAt} is null and m.${msgHiddenAt} is null)::float8`;

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
  closedAt: string | null;
}

/**
 * Every room the member belongs to with unread counts (others' visible messages after the read marker).
 * Circles whose room was never used count as rooms with nothing in them.
 */
export async function listMyRooms(db: DbOrTx, memberId: string): Promise<MyRoomRow[]> {
  return rows<MyRoomRow>(
    db,
    sql`with mine as (
          select c.id as room_id, 'circle' as kind, c.kind as circle_kind, c.name as circle_name, null::uuid as peer_id, null::text as peer_name
          from ${memberCircles(memberId)} c
          union all
          select rm.${inRoomId}, 'direct', null, null, other.${inMemberId}, om.display_name
          from ${chatRoomMembers} rm
          join ${chatRoomMembers} other on other.${inRoomId} = rm.${inRoomId} and other.${inMemberId} <> rm.${inMemberId}
          join ${memberView} om on om.id = other.${inMemberId}
          where rm.${inMemberId} = ${memberId}
        )
        select mine.room_id as "roomId", mine.kind, mine.circle_kind as "circleKind", mine.circle_name as "circleName",
               mine.peer_id as "peerId", mine.peer_name as "peerName", ${isoTs(sql`r.${closedAt}`)} as "closedAt",
               coalesce(r.${lastSeq}, 0)::float8 as "lastSeq", coalesce(rd.${markerSeq}, 0)::float8 as "readSeq",
               ${unreadAfter(sql.raw('mine.room_id'), memberId, sql`coalesce(rd.${markerSeq}, 0)`)} as unread
        from mine
        left join ${chatRooms} r on r.${id} = mine.room_id
        left join ${chatReadMarkers} rd on rd.${markerRoomId} = mine.room_id and rd.${markerMemberId} = ${memberId}
        order by mine.kind, mine.room_id`,
  );
}

/** The direct room of a pair, made once (the pair key is unique), with both members in it. */
export async function openDirectRoom(db: DbOrTx, a: string, b: string): Promise<{ roomId: string; created: boolean }> {
  const key = [a, b].sort().join(':');
  const inserted = await rows<{ id: string }>(
    db,
    sql`insert into ${chatRooms} (${kind}, ${pairKey}) values ('direct', ${key}) on conflict (${pairKey}) where ${pairKey} is not null do nothing returning ${id}`,
  );
  const created = inserted.length > 0;
  const roomId = inserted[0]?.id ?? (await firstRow<{ id: string }>(db, sql`select ${id} from ${chatRooms} where ${pairKey} = ${key}`))!.id;
  await db.execute(sql`insert into ${chatRoomMembers} (${inRoomId}, ${inMemberId}) values (${roomId}, ${a}), (${roomId}, ${b}) on conflict do nothing`);
  return { roomId, created };
}

export async function findActiveMember(db: DbOrTx, id: string): Promise<boolean> {
  return (await firstRow<{ ok: boolean }>(db, sql`select ${isActiveMember(id)} as ok`))?.ok === true;
}

/** The newest seq of each given room. */
export async function lastSeqs(db: DbOrTx, roomIds: readonly string[]): Promise<Map<string, number>> {
  if (!roomIds.length) return new Map();
  const list = await rows<{ id: string; lastSeq: number }>(db, sql`select ${id}, ${lastSeq}::float8 as "lastSeq" from ${chatRooms} where ${id} = any(${uuidArray(roomIds)})`);
  return new Map(list.map((r) => [r.id, r.lastSeq]));
}

/** Of the given (room, member) pairs, those that still belong (used to end subscriptions a missed event left open). */
export async function stillBelonging(db: DbOrTx, pairs: readonly { roomId: string; memberId: string }[]): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const list = await rows<{ key: string }>(
    db,
    sql`select p.room_id || ':' || p.member_id as key
        from unnest(${uuidArray(pairs.map((p) => p.roomId))}, ${uuidArray(pairs.map((p) => p.memberId))}) as p(room_id, member_id)
        where ${belongs(sql.raw('p.room_id'), sql.raw('p.member_id'))}`,
  );
  return new Set(list.map((r) => r.key));
}
