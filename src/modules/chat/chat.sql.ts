// SQL helpers shared by the chat repositories: raw rows, array parameters, and the membership predicate.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** A PostgreSQL array literal passed as one text parameter (works the same on pg and PGlite). */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

/** A PostgreSQL array literal of text, passed as one parameter (bodies may hold quotes, commas and backslashes). */
export const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`}::text[]`;
export const bigintArray = (values: readonly number[]) => sql`${`{${values.join(',')}}`}::bigint[]`;

/** True when the member belongs to the room: a proposed/accepted circle member, or a direct room's member; and active. */
export const belongs = (roomId: string | SQL, memberId: string | SQL) => sql`(
  exists (select 1 from circle_members cm join members mm on mm.id = cm.member_id
          where cm.circle_id = ${roomId} and cm.member_id = ${memberId} and cm.status in ('proposed', 'accepted') and mm.status = 'active')
  or exists (select 1 from chat_room_members rm join members mm on mm.id = rm.member_id
          where rm.room_id = ${roomId} and rm.member_id = ${memberId} and mm.status = 'active'))`;

export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
