// SQL helpers for the Q&A reads: raw statements whose rows come back the same on pg and PGlite.
import { sql, type SQL } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';

/** Timestamps leave SQL as ISO strings: identical on both drivers, and nothing to convert before serializing. */
export const isoTs = (column: SQL | unknown): SQL => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A statement already rendered to text, run on the driver itself (pg pool or PGlite): see search.repo.ts. */
export async function queryRows<T>(database: Database, text: string, params: unknown[]): Promise<T[]> {
  if (database.pool) return (await database.pool.query(text, params)).rows as T[];
  return (await database.pglite!.query<T>(text, params)).rows;
}

/** A literal text[] built from bound parameters (arrays as parameters differ between the two drivers). */
export const textArray = (values: readonly string[]): SQL =>
  values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;

export const uuidArray = (values: readonly string[]): SQL =>
  values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::uuid[]` : sql`'{}'::uuid[]`;

/** The user's search, in web-search syntax ("a phrase", -word, or), parsed by PostgreSQL's English configuration. */
export const webQuery = (q: string): SQL => sql`websearch_to_tsquery('english', ${q})`;

/** Any of the title's words, in a title (weight A): the "similar questions" query. Null when no word is left. */
export const anyTitleWordQuery = (title: string): SQL =>
  sql`(select string_agg(quote_literal(w) || ':A', ' | ')::tsquery from (select unnest(tsvector_to_array(to_tsvector('english', ${title}))) as w limit 12) words)`;

/** HTML-escaped text, so that the only markup in a highlight is the <mark> the highlighter adds. */
export const escapedHtml = (text: SQL): SQL => sql`replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

export const SNIPPET_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "';
export const TITLE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true';

export const last = <T>(list: T[]): T | undefined => list[list.length - 1];
