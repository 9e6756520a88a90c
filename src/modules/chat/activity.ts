// Chat's read-only activity port for other modules: when each circle room last had a message (matching's circle health).
import type { DbOrTx } from '../../db/client.js';
import { rows, sql, uuidArray } from '../../db/sql.js';

/** The newest message time per room among `roomIds` (a circle's room id is the circle id); rooms without messages are absent. */
export async function lastMessageAt(db: DbOrTx, roomIds: readonly string[]): Promise<Map<string, Date>> {
  if (roomIds.length === 0) return new Map();
  const found = await rows<{ roomId: string; at: string }>(
    db,
    // The room's newest message is the one at its last_seq: one index probe per room.
    sql`select r.id as "roomId", to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at
        from chat_rooms r join chat_messages m on m.room_id = r.id and m.seq = r.last_seq
        where r.id = any(${uuidArray(roomIds)})`,
  );
  return new Map(found.map((r) => [r.roomId, new Date(r.at)]));
}
