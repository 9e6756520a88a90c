// Sessions: opaque random tokens, stored only as SHA-256 hashes, with expiry and revocation.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginFailures, sessions } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: DbOrTx, memberId: string, ttlHours: number, meta: { userAgent?: string | undefined } = {}): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    memberId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
    lastUsedAt: new Date(),
    // Shown back to the member in their session list; bounded, control characters dropped.
    // eslint-disable-next-line no-control-regex -- control characters are what is stripped
    userAgent: meta.userAgent ? meta.userAgent.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 256) : null,
  });
  return token;
}

export interface SessionIdentity {
  sessionId: string;
  memberId: string;
  role: 'member' | 'admin';
  status: 'pending' | 'active' | 'suspended' | 'rejected';
  displayName: string;
}

/** "Last used" is written at most once a minute per session, so reads stay reads. */
export const lastUsedStale = sql<boolean>`(${sessions.lastUsedAt} IS NULL OR ${sessions.lastUsedAt} < now() - interval '1 minute')`;

/** The live session of a token: not revoked, not expired; null otherwise. */
export async function findSession(db: DbOrTx, token: string): Promise<SessionIdentity | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      memberId: memberView.id,
      role: memberView.role,
      status: memberView.status,
      displayName: memberView.displayName,
      stale: lastUsedStale,
    })
    .from(sessions)
    .innerJoin(memberView, eq(memberView.id, sessions.memberId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)));
  if (!row) return null;
  const { stale, ...identity } = row;
  // The lookup says whether "last used" is due, so most requests make one round trip here, not two; the update
  // keeps the condition, so concurrent requests of one session write it once.
  if (stale) await db.update(sessions).set({ lastUsedAt: sql`now()` }).where(and(eq(sessions.id, row.sessionId), lastUsedStale));
  return identity;
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  userAgent: string | null;
}

/** A member's live sessions, newest first, keyset-paged on (created_at, id). */
export async function listLiveSessions(db: DbOrTx, memberId: string, limit: number, after?: { createdAt: Date; id: string }): Promise<SessionView[]> {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastUsedAt: sessions.lastUsedAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(
      and(
        eq(sessions.memberId, memberId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql`now()`),
        after ? sql`(${sessions.createdAt}, ${sessions.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(sessions.createdAt), desc(sessions.id))
    .limit(limit);
}

/** Revokes one of the member's live sessions; false when it is not theirs or already ended. */
export async function revokeOwnSession(db: DbOrTx, memberId: string, sessionId: string): Promise<boolean> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.memberId, memberId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .returning({ id: sessions.id });
  return ended.length > 0;
}

/** Revokes every live session of the member except `keep`; returns the ids ended. */
export async function revokeOtherSessions(db: DbOrTx, memberId: string, keep: string | null): Promise<string[]> {
  const ended = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
    .returning({ id: sessions.id });
  return ended.map((r) => r.id);
}

/** Ends the session; its member when it was live, null when it had already ended. */
export async function revokeSession(db: DbOrTx, sessionId: string): Promise<{ memberId: string } | null> {
  const [row] = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ memberId: sessions.memberId });
  return row ?? null;
}

export async function revokeMemberSessions(db: DbOrTx, memberId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.memberId, memberId), isNull(sessions.revokedAt)));
}

export async function countRecentFailures(db: DbOrTx, email: string, windowMinutes: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.failedAt, sql`now() - make_interval(mins => ${windowMinutes})`)));
  return row?.n ?? 0;
}

export async function recordFailure(db: DbOrTx, email: string): Promise<void> {
  await db.insert(loginFailures).values({ email });
}

export async function clearFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
}
