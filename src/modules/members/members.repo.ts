// Data access for members: every query on the members table (auth and moderation reach it through ./index.ts).
import { and, asc, desc, eq, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { one, rows } from '../../db/sql.js';
import type { DbOrTx } from '../../db/client.js';
import { members } from '../../db/schema/index.js';
import type { Profile } from '../../domain/profile.js';

export type MemberRow = typeof members.$inferSelect;
export type MemberStatus = MemberRow['status'];
export type MemberRole = MemberRow['role'];
/** The admin list's filter: by status, role and part of a name; keyset pages, newest first. */
export interface MemberListFilter {
  status?: MemberStatus | undefined;
  role?: MemberRole | undefined;
  q?: string | undefined;
  limit: number;
  after?: { createdAt: string; id: string } | undefined;
}

export interface NewMember {
  id?: string;
  email: string;
  passwordHash: string;
  displayName: string;
  profile: Profile;
  status: MemberStatus;
  role?: 'member' | 'admin';
}

export async function insertMember(db: DbOrTx, values: NewMember): Promise<MemberRow> {
  return one(await db
    .insert(members)
    .values({ ...values, approvedAt: values.status === 'active' ? new Date() : null })
    .returning());
}

/** Inserts many members (500 a statement), leaving out any whose id or email is taken; how many were inserted (the demo seed). */
export async function insertMembersIfAbsent(db: DbOrTx, list: readonly NewMember[]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < list.length; i += 500) {
    const batch = list.slice(i, i + 500).map((values) => ({ ...values, approvedAt: values.status === 'active' ? new Date() : null }));
    inserted += (await db.insert(members).values(batch).onConflictDoNothing().returning({ id: members.id })).length;
  }
  return inserted;
}

export async function findMemberByEmail(db: DbOrTx, email: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(sql`lower(${members.email}) = ${email.toLowerCase()}`);
  return row;
}

export async function findMemberById(db: DbOrTx, id: string): Promise<MemberRow | undefined> {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function updateMemberProfile(db: DbOrTx, id: string, profile: Profile): Promise<MemberRow | undefined> {
  const [row] = await db.update(members).set({ profile, updatedAt: new Date() }).where(eq(members.id, id)).returning();
  return row;
}

/** The auth module's password change: the new hash, under the old one (so two concurrent changes cannot both win). */
export async function setMemberPasswordHash(db: DbOrTx, id: string, fromHash: string, passwordHash: string): Promise<boolean> {
  const rows = await db
    .update(members)
    .set({ passwordHash, updatedAt: new Date() })
    .where(and(eq(members.id, id), eq(members.passwordHash, fromHash)))
    .returning({ id: members.id });
  return rows.length > 0;
}

export async function setMemberStatus(
  db: DbOrTx,
  id: string,
  from: MemberStatus,
  patch: Partial<Pick<MemberRow, 'status' | 'approvedAt' | 'approvedBy' | 'suspendedReason' | 'suspendedUntil' | 'rejectedReason' | 'rejectedAt' | 'rejectedBy'>>,
): Promise<MemberRow | undefined> {
  const [row] = await db
    .update(members)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(members.id, id), eq(members.status, from)))
    .returning();
  return row;
}

/** Newest first, keyset on (created_at, id). */
/** LIKE pattern text with its wildcards taken literally. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listMembers(
  db: DbOrTx,
  filter: MemberListFilter,
): Promise<MemberRow[]> {
  const conditions = [];
  if (filter.status) conditions.push(eq(members.status, filter.status));
  if (filter.role) conditions.push(eq(members.role, filter.role));
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(sql`(${members.displayName} ilike ${like} or ${members.profile}->>'practiceName' ilike ${like})`);
  }
  if (filter.after) {
    const at = new Date(filter.after.createdAt);
    conditions.push(or(lt(members.createdAt, at), and(eq(members.createdAt, at), lt(members.id, filter.after.id))));
  }
  return db
    .select()
    .from(members)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(members.createdAt), desc(members.id))
    .limit(filter.limit);
}

/** The member row, locked for the rest of the transaction (concurrent staff actions on one member serialise here). */
export async function lockMember(tx: DbOrTx, id: string): Promise<MemberRow | undefined> {
  const [row] = await tx.select().from(members).where(eq(members.id, id)).for('update');
  return row;
}

/** Suspends the member (their sessions are auth's to revoke). */
export async function suspendMember(tx: DbOrTx, id: string, reason: string, until: Date | null): Promise<MemberRow> {
  return one(
    await tx
      .update(members)
      .set({ status: 'suspended', suspendedReason: reason, suspendedUntil: until, updatedAt: new Date() })
      .where(eq(members.id, id))
      .returning(),
  );
}

/** Ends the member's suspension. */
export async function unsuspendMember(tx: DbOrTx, id: string): Promise<MemberRow> {
  return one(
    await tx
      .update(members)
      .set({ status: 'active', suspendedReason: null, suspendedUntil: null, updatedAt: new Date() })
      .where(eq(members.id, id))
      .returning(),
  );
}

/** Ends every suspension whose end has passed; returns those members' ids. */
export async function liftEndedSuspensions(tx: DbOrTx): Promise<string[]> {
  const rows = await tx
    .update(members)
    .set({ status: 'active', suspendedReason: null, suspendedUntil: null, updatedAt: new Date() })
    .where(and(eq(members.status, 'suspended'), isNotNull(members.suspendedUntil), lte(members.suspendedUntil, sql`now()`)))
    .returning({ id: members.id });
  return rows.map((r) => r.id);
}

export interface DirectoryFilter {
  q?: string;
  practiceType?: string;
  state?: string;
  goal?: string;
  limit: number;
  after?: { name: string; id: string };
}


/**
 * The member directory: active members (not admins) who have not hidden themselves, by name then id
 * (keyset); q matches the display or practice name, the rest match profile fields exactly.
 */
export async function listDirectory(db: DbOrTx, filter: DirectoryFilter): Promise<MemberRow[]> {
  const p = members.profile;
  const conditions: SQL[] = [
    eq(members.status, 'active'),
    eq(members.role, 'member'),
    sql`coalesce((${p}->>'hideFromDirectory')::boolean, false) = false`,
  ];
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(sql`(${members.displayName} ilike ${like} or ${p}->>'practiceName' ilike ${like})`);
  }
  if (filter.practiceType) conditions.push(sql`${p}->>'practiceType' = ${filter.practiceType}`);
  if (filter.state) conditions.push(sql`lower(${p}->'region'->>'state') = ${filter.state.toLowerCase()}`);
  if (filter.goal) conditions.push(sql`${p}->'goals' @> ${JSON.stringify([filter.goal])}::jsonb`);
  if (filter.after) {
    conditions.push(sql`(${members.displayName}, ${members.id}) > (${filter.after.name}, ${filter.after.id}::uuid)`);
  }
  return db
    .select()
    .from(members)
    .where(and(...conditions))
    .orderBy(asc(members.displayName), asc(members.id))
    .limit(filter.limit);
}

/** A count per key, for the admin's network overview (aggregates only). */
export type KeyCount = { key: string | null; n: number };

export const countMembersByStatus = (db: DbOrTx) => rows<KeyCount>(db, sql`select ${members.status} as key, count(*)::int as n from ${members} group by 1`);

/** Active members only: the network as it is now. */
export const countActiveByPracticeType = (db: DbOrTx) =>
  rows<KeyCount>(db, sql`select ${members.profile}->>'practiceType' as key, count(*)::int as n from ${members} where ${members.status} = 'active' group by 1`);
