// Q&A's own SQL fragments (full-text query, highlighting); running statements, timestamps and arrays are src/db/sql.ts.
import { sql, type SQL } from '../../db/sql.js';

/** The user's search, in web-search syntax ("a phrase", -word, or), parsed by PostgreSQL's English configuration. */
export const webQuery = (q: string): SQL => sql`websearch_to_tsquery('english', ${q})`;

/** HTML-escaped text, so that the only markup in a highlight is the <mark> the highlighter adds. */
export const escapedHtml = (text: SQL): SQL => sql`replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

export const SNIPPET_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=12, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "';
export const TITLE_OPTIONS = 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true';

export const last = <T>(list: T[]): T | undefined => list[list.length - 1];
