// The SQL kit: the one way to run a raw statement on both drivers (pg and PGlite), with the one row and array helpers.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database, DbOrTx } from './client.js';

export { sql, type SQL };

/** Runs a statement built with the `sql` template and returns its rows (the same shape on pg and PGlite). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** The first row, or undefined. */
export async function firstRow<T>(db: DbOrTx, query: SQL): Promise<T | undefined> {
  return (await rows<T>(db, query))[0];
}

/** Timestamps leave SQL as ISO-8601 UTC strings (millisecond precision): identical on both drivers, ready for the API edge. */
export const isoTs = (column: SQL | unknown): SQL => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Array parameters: one bound text parameter holding a PostgreSQL array literal (drivers differ on JS arrays). */
export const uuidArray = (ids: readonly string[]): SQL => sql`${`{${ids.join(',')}}`}::uuid[]`;
/** The PostgreSQL array literal of text values, `{"a","b"}`: the value of a text[] parameter (as textArray binds it). */
export const textArrayLiteral = (values: readonly string[]): string => `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
export const textArray = (values: readonly string[]): SQL => sql`${textArrayLiteral(values)}::text[]`;
export const bigintArray = (values: readonly number[]): SQL => sql`${`{${values.map((v) => Math.trunc(v)).join(',')}}`}::bigint[]`;

/** Bare column names from the schema, comma-separated: an insert's column list or the left side of a `set`. */
export const columnNames = (...columns: readonly { name: string }[]): SQL => sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `);

/** The row a statement must return (an insert or update `returning` a row known to exist); throws if there is none. */
export function one<T>(result: readonly T[]): T {
  const row = result[0];
  if (row === undefined) throw new Error('expected the statement to return a row; it returned none');
  return row;
}

const dialect = new PgDialect();

/**
 * A statement rendered once to its text and parameters, for a hot path that caches the text per query shape and fills
 * drizzle placeholders (`sql.placeholder`, `fillPlaceholders`) per call (qa/search.repo.ts). Run it with `renderedRows`.
 */
export const render = (query: SQL): { sql: string; params: unknown[] } => dialect.sqlToQuery(query);

/** Runs text rendered by `render` (placeholders filled) on the database's own driver: pg pool or PGlite. */
export async function renderedRows<T>(database: Database, text: string, params: unknown[]): Promise<T[]> {
  if (database.pool) return (await database.pool.query(text, params)).rows as T[];
  return (await database.pglite!.query<T>(text, params)).rows;
}
