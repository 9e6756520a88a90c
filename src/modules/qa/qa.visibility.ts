// Who sees what, in one place: every Q&A query filters through these predicates (admins see all, marked).
import type { FastifyRequest } from 'fastify';
import { answers, questions, replies } from '../../db/schema/index.js';
import { sql, type SQL } from '../../db/sql.js';
import { identityOf } from '../../plugins/auth.js';
import { isCircleMember, memberCircleIds } from '../matching/membership.js';

export interface Viewer {
  memberId: string;
  isAdmin: boolean;
}

/** The caller as the Q&A sees them (401 without a session). */
export function viewerOf(request: FastifyRequest): Viewer {
  const identity = identityOf(request);
  return { memberId: identity.memberId, isAdmin: identity.role === 'admin' };
}

/** The viewer's circles (matching's membership rule), as one array computed once per statement (an InitPlan), not once per row. */
const myCircleIds = (memberId: string): SQL => sql`array${memberCircleIds(memberId)}`;

/** Neither hidden nor removed: what members may see of a post. */
export const postShown = (table: typeof questions | typeof answers | typeof replies): SQL =>
  sql`(${table.hiddenAt} is null and ${table.removedAt} is null)`;

/** The question is visible to the viewer: network-wide or in one of their circles, and not hidden or removed. */
export function questionVisible(viewer: Viewer): SQL {
  if (viewer.isAdmin) return sql`true`;
  return sql`(${postShown(questions)} and (${questions.circleId} is null or ${questions.circleId} = any(${myCircleIds(viewer.memberId)})))`;
}

/** An answer or reply is visible when it is shown (or the viewer is an admin); its question is checked separately. */
export function postVisible(viewer: Viewer, table: typeof answers | typeof replies): SQL {
  return viewer.isAdmin ? sql`true` : postShown(table);
}

/** The same rule as questionVisible, for a recipient given as an SQL column (notifications are read per recipient). */
export function questionVisibleTo(memberId: SQL | string, isAdmin: boolean): SQL {
  if (isAdmin) return sql`true`;
  return sql`(${postShown(questions)} and (${questions.circleId} is null or ${isCircleMember(sql`${questions.circleId}`, memberId)}))`;
}
