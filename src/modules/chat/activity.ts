// Chat's read-only activity port for other modules: when each circle room last had a message (matching's circle health).
import type { DbOrTx } from '../../db/client.js';
import { chatMessages } from '../../db/schema/index.js';
import { isoTs, rows, sql, uuidArray } from '../../db/sql.js';

/** The newest message time per room among `roomIds` (a circle's room id is the circle id); rooms without messages are absent. */
export async function lastMessageAt(db: DbOrTx, roomIds: readonly string[]): Promise<Map<string, Date>> {
  if (roomIds.length === 0) return new Map();
  const found = await rows<{ roomId: string; at: string }>(
    db,
    // The room's newest message is its highest message seq (last_seq may be a later edit's): one index probe per room.
    sql`select r.id as "roomId", ${isoTs(sql.raw('m.created_at'))} as at
        from unnest(${uuidArray(roomIds)}) as r(id)
        cross join lateral (
          select ${chatMessages.createdAt} as created_at from ${chatMessages} where ${chatMessages.roomId} = r.id order by ${chatMessages.seq} desc limit 1
        ) m`,
  );
  return new Map(found.map((r) => [r.roomId, new Date(r.at)]));
}
