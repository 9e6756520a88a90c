// Read-only counts over other modules' tables for the admin's network overview: aggregates only, never a row, never a write.
import type { DbOrTx } from '../../db/client.js';
import { answers, members, questions, reports } from '../../db/schema/index.js';
import { rows, sql, type SQL } from '../../db/sql.js';

type Count = { key: string | null; n: number };

const grouped = (db: DbOrTx, query: SQL) => rows<Count>(db, query);

export const membersByStatus = (db: DbOrTx) => grouped(db, sql`select ${members.status} as key, count(*)::int as n from ${members} group by 1`);

/** Active members only: the network as it is now. */
export const activeByPracticeType = (db: DbOrTx) =>
  grouped(db, sql`select ${members.profile}->>'practiceType' as key, count(*)::int as n from ${members} where ${members.status} = 'active' group by 1`);

/** Posts per UTC week (weeks start on Monday) since `since`, keyed by the week's first day (YYYY-MM-DD). */
export const postsPerWeek = (db: DbOrTx, table: typeof questions | typeof answers, since: Date) =>
  grouped(
    db,
    sql`select to_char(date_trunc('week', ${table.createdAt} at time zone 'UTC'), 'YYYY-MM-DD') as key, count(*)::int as n
        from ${table} where ${table.createdAt} >= ${since.toISOString()}::timestamptz group by 1`,
  );

export const openReportsByTargetType = (db: DbOrTx) =>
  grouped(db, sql`select ${reports.targetType} as key, count(*)::int as n from ${reports} where ${reports.status} = 'open' group by 1`);
