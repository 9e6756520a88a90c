// Q&A activity counts for the admin's network overview: aggregates only, never a row.
import type { DbOrTx } from '../../db/client.js';
import { answers, questions } from '../../db/schema/index.js';
import { rows, sql } from '../../db/sql.js';

type WeekCount = { key: string; n: number };

/** Posts per UTC week (weeks start on Monday) since `since`, keyed by the week's first day (YYYY-MM-DD). */
const perWeek = (db: DbOrTx, table: typeof questions | typeof answers, since: Date) =>
  rows<WeekCount>(
    db,
    sql`select to_char(date_trunc('week', ${table.createdAt} at time zone 'UTC'), 'YYYY-MM-DD') as key, count(*)::int as n
        from ${table} where ${table.createdAt} >= ${since.toISOString()}::timestamptz group by 1`,
  );

/** Questions and answers per UTC week since `since` (hidden and removed posts count: they were asked). */
export async function postsPerWeek(db: DbOrTx, since: Date): Promise<{ questions: WeekCount[]; answers: WeekCount[] }> {
  const [asked, answered] = await Promise.all([perWeek(db, questions, since), perWeek(db, answers, since)]);
  return { questions: asked, answers: answered };
}
