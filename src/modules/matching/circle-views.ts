// Circles as other modules read them (id, kind, name; the circles a member belongs to): matching owns the table, this is its read port.
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { circles } from '../../db/schema/index.js';
import { firstRow, sql, type SQL } from '../../db/sql.js';
import type { Kind } from './draft.js';
import { isCircleMember, memberCircleIds } from './membership.js';

export interface CircleRef {
  id: string;
  kind: string;
  name: string | null;
}

/** The circle's id, kind and name; with `memberId`, only when that member belongs to it (callers that may see every circle pass none). */
export async function findCircleRef(db: DbOrTx, circleId: string, memberId?: string): Promise<CircleRef | undefined> {
  const access = memberId === undefined ? sql`true` : isCircleMember(sql`${circles.id}`, memberId);
  return firstRow<CircleRef>(db, sql`select ${circles.id} as id, ${circles.kind} as kind, ${circles.name} as name from ${circles} where ${circles.id} = ${circleId} and ${access}`);
}

/** The names of some circles, by id, in one query (unknown ids are left out). */
export async function circleNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const list = await db.select({ id: circles.id, name: circles.name }).from(circles).where(inArray(circles.id, [...ids]));
  return new Map(list.map((c) => [c.id, c.name]));
}

/** SQL subquery: `id`, `kind` and `name` of the circles the member belongs to, to select from (`from ${memberCircles(id)} c`). */
export const memberCircles = (memberId: SQL | string): SQL =>
  sql`(select ${circles.id} as id, ${circles.kind} as kind, ${circles.name} as name from ${circles} where ${circles.id} in ${memberCircleIds(memberId)})`;

/** SQL boolean: the circle exists and is of one of the kinds. */
export const isCircleOfKind = (circleId: SQL | string, kinds: readonly Kind[]): SQL =>
  sql`exists (select 1 from ${circles} where ${circles.id} = ${circleId} and ${inArray(circles.kind, [...kinds])})`;
