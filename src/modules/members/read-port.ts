// Members as other modules read them in their SQL: the table to join (reads only), display name, status, the active predicate.
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { members } from '../../db/schema/index.js';

/**
 * The members table for other modules' reads: select from it or join it, in the builder or the `sql` template
 * (`left join ${memberView} on ${memberView.id} = ${answers.authorId}`), with its columns (`memberView.displayName`).
 * Reads only: members writes the table, and others change a member through ./index.ts.
 */
export const memberView = members;

/** A member's statuses, in the schema's order (stats counts members by them). */
export const MEMBER_STATUSES = members.status.enumValues;

/** SQL: the member's display name (a primary-key probe), null for no such member. */
export const displayNameOf = (memberId: SQL | AnyColumn | string): SQL<string | null> =>
  sql<string | null>`(select ${members.displayName} from ${members} where ${members.id} = ${memberId})`;

/** SQL boolean: the member exists and is active (a primary-key probe). */
export const isActiveMember = (memberId: SQL | AnyColumn | string): SQL =>
  sql`exists (select 1 from ${members} where ${members.id} = ${memberId} and ${members.status} = 'active')`;

/** SQL boolean on a member row in the statement (`memberView` joined, or an alias's `m.status`): the member is active. */
export const activeStatus = (status: SQL | AnyColumn = members.status): SQL => sql`${status} = 'active'`;
