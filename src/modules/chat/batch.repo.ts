// Group commit for sends: many messages in one transaction, rooms locked in id order so concurrent batches cannot deadlock.
import type { DbOrTx } from '../../db/client.js';
import { bigintArray, isoTs, rows, sql, textArray, uuidArray } from '../../db/sql.js';
import type { InsertResult } from './messages.repo.js';
import { belongs } from './rooms.repo.js';

export interface BatchInput {
  id: string;
  roomId: string;
  authorId: string;
  clientMsgId: string;
  body: string;
}

/**
 * The rooms are locked in id order first, then duplicates, membership and closed rooms are checked under the lock, seqs
 * handed out in input order, and the messages and new last_seq values written in one statement. Results line up with
 * the input (null: not a member, no room, or closed).
 */
export async function insertMessages(db: DbOrTx, items: readonly BatchInput[]): Promise<(InsertResult | null)[]> {
  return db.transaction(async (tx) => {
    const roomIds = [...new Set(items.map((i) => i.roomId))].sort();
    const locked = await rows<{ id: string; lastSeq: number }>(
      tx,
      sql`select id, last_seq::float8 as "lastSeq" from chat_rooms where id = any(${uuidArray(roomIds)}) and closed_at is null order by id for update`,
    );
    const last = new Map(locked.map((r) => [r.id, r.lastSeq]));
    const checks = await rows<{ ord: number; existingId: string | null; existingSeq: number | null; existingAt: string | null; existingBody: string | null; allowed: boolean }>(
      tx,
      sql`select i.ord::int as ord, e.id as "existingId", e.seq::float8 as "existingSeq", ${isoTs(sql.raw('e.created_at'))} as "existingAt",
                 e.body as "existingBody", ${belongs(sql.raw('i.room_id'), sql.raw('i.author_id'))} as allowed
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
        results[index] = { row: { id: check.existingId, seq: check.existingSeq!, createdAt: check.existingAt!, body: check.existingBody! }, created: false };
      } else if (check.allowed && last.has(item.roomId)) {
        const seq = last.get(item.roomId)! + 1;
        last.set(item.roomId, seq);
        fresh.push({ ...item, seq, index });
      }
    }
    if (!fresh.length) return results;
    fresh.sort((a, b) => a.index - b.index);
    const bumped = [...new Set(fresh.map((f) => f.roomId))];
    const inserted = await rows<{ id: string; createdAt: string }>(
      tx,
      sql`with bump as (
            update chat_rooms r set last_seq = v.seq from unnest(${uuidArray(bumped)}, ${bigintArray(bumped.map((id) => last.get(id)!))}) as v(id, seq)
            where r.id = v.id
          )
          insert into chat_messages (id, room_id, seq, author_id, client_msg_id, body)
          select * from unnest(${uuidArray(fresh.map((f) => f.id))}, ${uuidArray(fresh.map((f) => f.roomId))}, ${bigintArray(fresh.map((f) => f.seq))},
                               ${uuidArray(fresh.map((f) => f.authorId))}, ${textArray(fresh.map((f) => f.clientMsgId))}, ${textArray(fresh.map((f) => f.body))})
          returning id, ${isoTs(sql.raw('created_at'))} as "createdAt"`,
    );
    const createdAt = new Map(inserted.map((r) => [r.id, r.createdAt]));
    for (const f of fresh) results[f.index] = { row: { id: f.id, seq: f.seq, createdAt: createdAt.get(f.id)!, body: f.body }, created: true };
    return results;
  });
}
