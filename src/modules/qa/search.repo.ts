// Question lists and full-text search: keyset pages for every sort, ranked search over a bounded window of matches.
import { fillPlaceholders } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, DbOrTx } from '../../db/client.js';
import { answers, questions } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { isoTs, render, renderedRows, rows, sql, textArray, textArrayLiteral, type SQL } from '../../db/sql.js';
import type { SummaryRow } from './qa.mapper.js';
import type { QuestionSort } from './qa.schemas.js';
import { escapedHtml, SNIPPET_OPTIONS, TITLE_OPTIONS, webQuery } from './qa.sql.js';
import { postShown, questionVisible, type Viewer } from './qa.visibility.js';

/** Ranked search ranks the newest this-many matches: exact for rarer terms, bounded work for common ones (docs/qa.md). */
export const DEFAULT_RANK_WINDOW = 500;

const ts = z.iso.datetime();
export const listCursorSchema = z.discriminatedUnion('s', [
  z.object({ s: z.literal('newest'), t: ts, id: z.uuid() }),
  z.object({ s: z.literal('unanswered'), t: ts, id: z.uuid() }),
  z.object({ s: z.literal('top'), sc: z.number().int(), t: ts, id: z.uuid() }),
  z.object({ s: z.literal('relevance'), r: z.number().min(0).max(1e6), id: z.uuid(), w: ts }),
]);
export type ListCursor = z.infer<typeof listCursorSchema>;

export interface ListFilter {
  viewer: Viewer;
  q?: string;
  tags: string[];
  /** The tags as one bound parameter: set by the statement cache below (a placeholder); otherwise built from `tags`. */
  tagsParam?: SQL;
  circleId?: string;
  sort: QuestionSort;
  /** Rows to fetch: the page size plus one, to know whether a next page exists. */
  take: number;
  cursor?: ListCursor;
  /** For relevance: only questions created up to this instant (kept across the pages of one search). */
  windowEnd: string;
  rankWindow: number;
}

export type ListRow = SummaryRow & { rank: number | null };

/** Columns of a question summary; expects `questions` and `members` (the author) in the FROM clause. */
export function summaryColumns(viewer: Viewer): SQL {
  const accepted = viewer.isAdmin
    ? sql`${questions.acceptedAnswerId} is not null`
    : sql`exists (select 1 from ${answers} where ${answers.id} = ${questions.acceptedAnswerId} and ${postShown(answers)})`;
  return sql`${questions.id} as "id", ${questions.title} as "title", left(${questions.body}, 240) as "excerpt", ${questions.tags} as "tags",
    ${questions.circleId} as "circleId", ${questions.anonymous} as "anonymous", ${questions.authorId} as "authorId",
    ${memberView.displayName} as "authorName", ${questions.score} as "score", ${questions.answerCount} as "answerCount",
    ${accepted} as "hasAcceptedAnswer", ${questions.lockedAt} is not null as "locked",
    ${isoTs(questions.createdAt)} as "createdAt", ${isoTs(questions.updatedAt)} as "updatedAt", ${isoTs(questions.lastActivityAt)} as "lastActivityAt",
    ${questions.hiddenAt} is not null as "hidden", ${questions.hiddenReason} as "hiddenReason", ${questions.removedAt} is not null as "removed"`;
}

function filters(f: ListFilter): SQL[] {
  const where = [questionVisible(f.viewer)];
  if (f.tags.length) where.push(sql`${questions.tags} @> ${f.tagsParam ?? textArray(f.tags)}`);
  if (f.circleId) where.push(sql`${questions.circleId} = ${f.circleId}`);
  if (f.q !== undefined) where.push(sql`${questions.search} @@ ${webQuery(f.q)}`);
  if (f.sort === 'unanswered') where.push(sql`${questions.answerCount} = 0`);
  return where;
}

const ORDER: Record<Exclude<QuestionSort, 'relevance'>, SQL> = {
  newest: sql`${questions.createdAt} desc, ${questions.id} desc`,
  unanswered: sql`${questions.createdAt} desc, ${questions.id} desc`,
  top: sql`${questions.score} desc, ${questions.createdAt} desc, ${questions.id} desc`,
};

function after(cursor: ListCursor | undefined): SQL | undefined {
  if (!cursor || cursor.s === 'relevance') return undefined;
  if (cursor.s === 'top') return sql`(${questions.score}, ${questions.createdAt}, ${questions.id}) < (${cursor.sc}, ${cursor.t}::timestamptz, ${cursor.id}::uuid)`;
  return sql`(${questions.createdAt}, ${questions.id}) < (${cursor.t}::timestamptz, ${cursor.id}::uuid)`;
}

const highlights = (q: string): SQL =>
  sql`ts_headline('english', ${escapedHtml(sql`${questions.title}`)}, ${webQuery(q)}, ${TITLE_OPTIONS}) as "titleHighlight",
    ts_headline('english', ${escapedHtml(sql`left(${questions.body}, 5000)`)}, ${webQuery(q)}, ${SNIPPET_OPTIONS}) as "snippet"`;

/** The statement behind GET /questions; exported so the benchmark can run the very same SQL through pg. */
export function listQuestionsSql(f: ListFilter): SQL {
  if (f.q !== undefined && f.sort === 'relevance') return rankedSql(f);
  const where = filters(f);
  const cursor = after(f.cursor);
  if (cursor) where.push(cursor);
  const order = ORDER[f.sort === 'relevance' ? 'newest' : f.sort];
  if (f.q === undefined) {
    return sql`select ${summaryColumns(f.viewer)}, null as "titleHighlight", null as "snippet", null::real as "rank"
      from ${questions} left join ${memberView} on ${memberView.id} = ${questions.authorId}
      where ${sql.join(where, sql` and `)} order by ${order} limit ${f.take}`;
  }
  // Highlighting is costly: pick the page first, then highlight only its rows.
  return sql`with page as (select ${questions.id} as id from ${questions} where ${sql.join(where, sql` and `)} order by ${order} limit ${f.take})
    select ${summaryColumns(f.viewer)}, ${highlights(f.q)}, null::real as "rank"
    from page join ${questions} on ${questions.id} = page.id left join ${memberView} on ${memberView.id} = ${questions.authorId}
    order by ${order}`;
}

/**
 * Relevance: the newest `rankWindow` matches (all of them for all but common terms) are ranked with ts_rank,
 * title (A) above body (B); pages are keyset on (rank, id) within a window fixed at the first page.
 */
function rankedSql(f: ListFilter): SQL {
  const q = f.q!;
  const where = filters(f);
  where.push(sql`${questions.createdAt} <= ${f.windowEnd}::timestamptz`);
  const cursor = f.cursor?.s === 'relevance' ? sql`where (ranked.rank, ranked.id) < (${f.cursor.r}::real, ${f.cursor.id}::uuid)` : sql``;
  return sql`with candidates as (
      select ${questions.id} as id, ${questions.search} as search from ${questions}
      where ${sql.join(where, sql` and `)}
      order by ${questions.createdAt} desc, ${questions.id} desc limit ${f.rankWindow}
    ), ranked as (
      select candidates.id, ts_rank(candidates.search, ${webQuery(q)}) as rank from candidates
    ), page as (
      select ranked.id, ranked.rank from ranked ${cursor} order by ranked.rank desc, ranked.id desc limit ${f.take}
    )
    select ${summaryColumns(f.viewer)}, ${highlights(q)}, page.rank as "rank"
    from page join ${questions} on ${questions.id} = page.id left join ${memberView} on ${memberView.id} = ${questions.authorId}
    order by page.rank desc, page.id desc`;
}

/**
 * The hot path: the statement is built and rendered once per query shape (sort, q or not, number of tags, …) with
 * placeholders, then run with this request's values; building the SQL tree per request cost more than serializing.
 */
const compiled = new Map<string, { text: string; params: unknown[] }>();

function templated(f: ListFilter): { shape: string; template: ListFilter; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  const ph = <T>(name: string, value: unknown): T => {
    values[name] = value;
    return sql.placeholder(name) as unknown as T;
  };
  const c = f.cursor;
  const cursor: ListCursor | undefined =
    c === undefined
      ? undefined
      : c.s === 'top'
        ? { s: 'top', sc: ph('sc', c.sc), t: ph('t', c.t), id: ph('id', c.id) }
        : c.s === 'relevance'
          ? { s: 'relevance', r: ph('r', c.r), id: ph('id', c.id), w: c.w }
          : { s: c.s, t: ph('t', c.t), id: ph('id', c.id) };
  const template: ListFilter = {
    viewer: { memberId: ph('memberId', f.viewer.memberId), isAdmin: f.viewer.isAdmin },
    q: f.q === undefined ? undefined : ph('q', f.q),
    tags: f.tags,
    tagsParam: f.tags.length ? sql`${ph<string>('tags', textArrayLiteral(f.tags))}::text[]` : undefined,
    circleId: f.circleId === undefined ? undefined : ph('circleId', f.circleId),
    sort: f.sort,
    take: ph('take', f.take),
    cursor,
    windowEnd: ph('windowEnd', f.windowEnd),
    rankWindow: ph('rankWindow', f.rankWindow),
  };
  const shape = [f.viewer.isAdmin ? 'admin' : 'member', f.sort, f.q === undefined ? '' : 'q', f.tags.length, f.circleId ? 'circle' : '', c?.s ?? ''].join('|');
  return { shape, template, values };
}

export async function listQuestions(database: Database, f: ListFilter): Promise<ListRow[]> {
  const { shape, template, values } = templated(f);
  let statement = compiled.get(shape);
  if (!statement) {
    const query = render(listQuestionsSql(template));
    statement = { text: query.sql, params: query.params };
    compiled.set(shape, statement);
  }
  return renderedRows<ListRow>(database, statement.text, fillPlaceholders(statement.params, values));
}

/** The cursor that continues after this row, in the filter's order. */
export function cursorAfter(f: ListFilter, row: ListRow): ListCursor {
  if (f.q !== undefined && f.sort === 'relevance') return { s: 'relevance', r: row.rank ?? 0, id: row.id, w: f.windowEnd };
  if (f.sort === 'top') return { s: 'top', sc: row.score, t: row.createdAt, id: row.id };
  return { s: f.sort === 'unanswered' ? 'unanswered' : 'newest', t: row.createdAt, id: row.id };
}

export interface SimilarRow {
  id: string;
  title: string;
  tags: string[];
  score: number;
  answerCount: number;
  hasAcceptedAnswer: boolean;
  createdAt: string;
}

/** Questions whose titles share words with a title being written, best overlap first. */
export async function similarQuestions(db: DbOrTx, viewer: Viewer, title: string, limit: number, rankWindow: number): Promise<SimilarRow[]> {
  // Build the OR-query first, so the main statement is planned with the words known.
  const [built] = await rows<{ query: string | null }>(
    db,
    sql`select string_agg(quote_literal(w) || ':A', ' | ') as query from (select unnest(tsvector_to_array(to_tsvector('english', ${title}))) as w limit 12) words`,
  );
  if (!built?.query) return [];
  const tsq = sql`${built.query}::tsquery`;
  return rows<SimilarRow>(
    db,
    sql`with candidates as (
        select ${questions.id} as id, ${questions.search} as search from ${questions}
        where ${questions.search} @@ ${tsq} and ${questionVisible(viewer)}
        order by ${questions.createdAt} desc, ${questions.id} desc limit ${rankWindow}
      ), page as (
        select candidates.id, ts_rank(candidates.search, ${tsq}) as rank from candidates order by rank desc, candidates.id desc limit ${limit}
      )
      select ${summaryColumns(viewer)} from page join ${questions} on ${questions.id} = page.id
      left join ${memberView} on ${memberView.id} = ${questions.authorId}
      order by page.rank desc, page.id desc`,
  );
}
