// Data access for matching rounds, the members a round matches, and the pair history behind the no-repeat rule.
import { and, desc, eq, lt, ne, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { circleMembers, circles, matchingRounds } from '../../db/schema/index.js';
import { memberView, activeStatus } from '../members/read-port.js';
import type { Profile } from '../../domain/profile.js';
import type { MatchHistory, MatchMember, MatchMode } from './engine/index.js';
import { rows, uuidArray } from '../../db/sql.js';
import type { RoundParams, RoundResult } from './draft.js';
import { belongingStatus } from './membership.js';

const MODE_KIND: Record<MatchMode, string> = { pairs: 'pair', circles: 'circle', alliances: 'alliance' };

export type RoundRow = Omit<typeof matchingRounds.$inferSelect, 'params' | 'result'> & { params: RoundParams; result: RoundResult };

export interface CandidateRow {
  id: string;
  displayName: string;
  status: 'pending' | 'active' | 'suspended' | 'rejected';
  profile: Profile;
}

/** `column IN (ids)` with the ids as one JSON parameter: no parameter-count limit for national rounds. */
export function inIds(column: AnyColumn | SQL, ids: readonly string[]): SQL {
  return sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;
}

const candidateColumns = { id: memberView.id, displayName: memberView.displayName, status: memberView.status, profile: memberView.profile };

export async function findCandidatesByIds(db: DbOrTx, ids: readonly string[]): Promise<CandidateRow[]> {
  if (ids.length === 0) return [];
  return db.select(candidateColumns).from(memberView).where(inIds(memberView.id, ids)).orderBy(memberView.id);
}

/** Every active member who opted in to this kind of match, in id order (the engine's input order matters for determinism). */
export async function findOptedIn(db: DbOrTx, word: string): Promise<CandidateRow[]> {
  return db
    .select(candidateColumns)
    .from(memberView)
    .where(and(activeStatus(), sql`${memberView.profile}->'wants' @> ${JSON.stringify([word])}::jsonb`))
    .orderBy(memberView.id);
}

export function toMatchMember(row: Pick<CandidateRow, 'id' | 'displayName' | 'profile'>): MatchMember {
  const p = row.profile;
  return {
    id: row.id,
    displayName: row.displayName,
    practiceType: p.practiceType,
    services: p.services ?? [],
    clinicians: p.clinicians,
    locations: p.locations,
    yearsInBusiness: p.yearsInBusiness,
    region: p.region,
    timezone: p.timezone,
    goals: p.goals ?? [],
    strengths: p.strengths ?? [],
    avoidMemberIds: p.avoidMemberIds ?? [],
  };
}

/**
 * Pairs who shared a circle in the last `rounds` published rounds of the mode, oldest round first.
 * Only memberships that held (proposed or accepted) count: someone who declined never sat in that
 * group. With `onlyIds`, pairs are kept only when both members are among them.
 */
export async function loadHistory(
  db: DbOrTx,
  mode: MatchMode,
  rounds: number,
  onlyIds?: readonly string[],
  excludeRoundId?: string,
): Promise<MatchHistory> {
  const otherModes = await loadOtherModePartners(db, mode, onlyIds);
  const withOthers = (h: MatchHistory): MatchHistory => (otherModes.length ? { ...h, otherModes } : h);
  if (rounds <= 0) return withOthers({ rounds: [] });
  const published = and(eq(matchingRounds.mode, mode), eq(matchingRounds.status, 'published'));
  const recent = await db
    .select({ id: matchingRounds.id })
    .from(matchingRounds)
    .where(excludeRoundId ? and(published, ne(matchingRounds.id, excludeRoundId)) : published)
    .orderBy(desc(matchingRounds.publishedAt), desc(matchingRounds.id))
    .limit(rounds);
  if (recent.length === 0) return withOthers({ rounds: [] });
  const roundIds = recent.map((r) => r.id).reverse();
  const conditions = [inIds(circles.roundId, roundIds), belongingStatus(circleMembers.status)];
  // A short list filters in SQL; a national round reads the rounds whole and filters in memory.
  if (onlyIds && onlyIds.length <= 2000) conditions.push(inIds(circleMembers.memberId, onlyIds));
  const rows = await db
    .select({ roundId: circles.roundId, circleId: circleMembers.circleId, memberId: circleMembers.memberId })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(...conditions));
  const wanted = onlyIds ? new Set(onlyIds) : null;
  const byCircle = new Map<string, { roundId: string; ids: string[] }>();
  for (const r of rows) {
    if (wanted && !wanted.has(r.memberId)) continue;
    const entry = byCircle.get(r.circleId) ?? { roundId: r.roundId!, ids: [] };
    entry.ids.push(r.memberId);
    byCircle.set(r.circleId, entry);
  }
  const pairs = new Map<string, Array<[string, string]>>(roundIds.map((id) => [id, []]));
  for (const { roundId, ids } of byCircle.values()) {
    ids.sort();
    for (let a = 0; a < ids.length; a++) for (let b = a + 1; b < ids.length; b++) pairs.get(roundId)!.push([ids[a]!, ids[b]!]);
  }
  return withOthers({ rounds: roundIds.map((id) => pairs.get(id)!) });
}

/** How far back a group of another mode counts as "recent" for the cross-mode soft rule. */
export const CROSS_MODE_RECENT_DAYS = 365;

/**
 * Pairs who held seats together (proposed or accepted) in a group of another mode created in the last
 * CROSS_MODE_RECENT_DAYS days: the cross-mode soft rule lowers their score in this mode.
 */
export async function loadOtherModePartners(db: DbOrTx, mode: MatchMode, onlyIds?: readonly string[]): Promise<Array<[string, string]>> {
  if (onlyIds && onlyIds.length < 2) return [];
  const kind = MODE_KIND[mode];
  const only = onlyIds && onlyIds.length <= 2000 ? sql`and a.member_id = any(${uuidArray(onlyIds)}) and b.member_id = any(${uuidArray(onlyIds)})` : sql``;
  const found = await rows<{ a: string; b: string }>(
    db,
    sql`select a.member_id as a, b.member_id as b
        from ${circleMembers} a
        join ${circleMembers} b on b.circle_id = a.circle_id and a.member_id < b.member_id
        join ${circles} c on c.id = a.circle_id
        where c.kind <> ${kind} and c.created_at > now() - make_interval(days => ${CROSS_MODE_RECENT_DAYS})
          and ${belongingStatus(sql`a.status`)} and ${belongingStatus(sql`b.status`)} ${only}`,
  );
  const wanted = onlyIds && onlyIds.length > 2000 ? new Set(onlyIds) : null;
  return found.filter((r) => !wanted || (wanted.has(r.a) && wanted.has(r.b))).map((r) => [r.a, r.b]);
}

export async function insertRound(db: DbOrTx, values: { mode: MatchMode; params: RoundParams; result: RoundResult; createdBy: string }): Promise<RoundRow> {
  const [row] = await db.insert(matchingRounds).values(values).returning();
  return row as RoundRow;
}

export async function findRound(db: DbOrTx, id: string): Promise<RoundRow | undefined> {
  const [row] = await db.select().from(matchingRounds).where(eq(matchingRounds.id, id));
  return row as RoundRow | undefined;
}

/** Writes a new version of a draft only if nobody changed it since `version` was read; undefined otherwise. */
export async function updateDraft(db: DbOrTx, id: string, version: number, result: RoundResult): Promise<RoundRow | undefined> {
  const [row] = await db
    .update(matchingRounds)
    .set({ result, version: version + 1, updatedAt: new Date() })
    .where(and(eq(matchingRounds.id, id), eq(matchingRounds.version, version), eq(matchingRounds.status, 'draft')))
    .returning();
  return row as RoundRow | undefined;
}

/** draft → published, guarded by status and version: of two concurrent publishes exactly one gets the row. */
export async function markPublished(db: DbOrTx, id: string, version: number, result: RoundResult): Promise<RoundRow | undefined> {
  const now = new Date();
  const [row] = await db
    .update(matchingRounds)
    .set({ status: 'published', publishedAt: now, updatedAt: now, version: version + 1, result })
    .where(and(eq(matchingRounds.id, id), eq(matchingRounds.version, version), eq(matchingRounds.status, 'draft')))
    .returning();
  return row as RoundRow | undefined;
}

/** Drafts that hold a member (in a group or unmatched), for releasing a suspended member. */
export async function findDraftsWithMember(db: DbOrTx, memberId: string): Promise<RoundRow[]> {
  const rows = await db
    .select()
    .from(matchingRounds)
    .where(and(eq(matchingRounds.status, 'draft'), sql`${matchingRounds.params}->'memberIds' @> ${JSON.stringify([memberId])}::jsonb`));
  return rows as RoundRow[];
}

export interface RoundSummaryRow {
  id: string;
  mode: MatchMode;
  status: 'draft' | 'published';
  version: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  members: number;
  groups: number;
  unmatched: number;
  objective: number;
  ratio: number;
}

/** Newest first, keyset on (created_at, id); reads only the figures of each result, not its groups. */
export async function listRounds(
  db: DbOrTx,
  filter: { mode?: MatchMode; status?: 'draft' | 'published'; limit: number; after?: { createdAt: string; id: string } },
): Promise<RoundSummaryRow[]> {
  const r = matchingRounds;
  const conditions = [];
  if (filter.mode) conditions.push(eq(r.mode, filter.mode));
  if (filter.status) conditions.push(eq(r.status, filter.status));
  if (filter.after) {
    const at = new Date(filter.after.createdAt);
    conditions.push(or(lt(r.createdAt, at), and(eq(r.createdAt, at), lt(r.id, filter.after.id))));
  }
  return db
    .select({
      id: r.id,
      mode: r.mode,
      status: r.status,
      version: r.version,
      createdBy: r.createdBy,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      publishedAt: r.publishedAt,
      members: sql<number>`jsonb_array_length(${r.params}->'memberIds')`.mapWith(Number),
      groups: sql<number>`jsonb_array_length(${r.result}->'groups')`.mapWith(Number),
      unmatched: sql<number>`jsonb_array_length(${r.result}->'unmatched')`.mapWith(Number),
      objective: sql<number>`(${r.result}->>'objective')::float8`.mapWith(Number),
      ratio: sql<number>`(${r.result}->>'ratio')::float8`.mapWith(Number),
    })
    .from(r)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(r.createdAt), desc(r.id))
    .limit(filter.limit);
}

/** The last published round of the mode (or the named one), with its members who declined their seat or were left unmatched: a re-match round's input. */
export async function rematchSource(db: DbOrTx, mode: MatchMode, roundId?: string): Promise<{ roundId: string; memberIds: string[] } | undefined> {
  const [round] = await db
    .select({ id: matchingRounds.id, result: matchingRounds.result })
    .from(matchingRounds)
    .where(and(eq(matchingRounds.mode, mode), eq(matchingRounds.status, 'published'), roundId ? eq(matchingRounds.id, roundId) : undefined))
    .orderBy(desc(matchingRounds.publishedAt), desc(matchingRounds.id))
    .limit(1);
  if (!round) return undefined;
  const declined = await db
    .select({ memberId: circleMembers.memberId })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(eq(circles.roundId, round.id), eq(circleMembers.status, 'declined')));
  const unmatched = ((round.result as RoundResult).unmatched ?? []).map((u) => u.memberId);
  return { roundId: round.id, memberIds: [...new Set([...declined.map((d) => d.memberId), ...unmatched])].sort() };
}
