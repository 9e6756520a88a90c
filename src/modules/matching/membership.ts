// The membership predicate other modules put in their SQL: matching owns circles and seats, and this is its port.
import { circleMembers } from '../../db/schema/index.js';
import { sql, type SQL } from '../../db/sql.js';

/** A seat that makes its holder a member of the circle: proposed (not yet answered) or accepted. */
export const BELONGING_STATUSES = ['proposed', 'accepted'] as const;

const belonging = sql`${circleMembers.status} in ('proposed', 'accepted')`;

/** SQL boolean: the member holds a belonging seat in the circle. */
export const isCircleMember = (circleId: SQL | string, memberId: SQL | string): SQL =>
  sql`exists (select 1 from ${circleMembers} where ${circleMembers.circleId} = ${circleId} and ${circleMembers.memberId} = ${memberId} and ${belonging})`;

/** SQL subquery: the ids of the circles the member belongs to. */
export const memberCircleIds = (memberId: SQL | string): SQL =>
  sql`(select ${circleMembers.circleId} from ${circleMembers} where ${circleMembers.memberId} = ${memberId} and ${belonging})`;
