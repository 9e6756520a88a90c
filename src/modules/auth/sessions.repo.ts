// Sessions: opaque random tokens, stored only as SHA-256 hashes, with expiry and revocation.
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { loginFailures, members, sessions } from '../../db/schema/index.js';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: DbOrTx, memberId: string, ttlHours: number): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    memberId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + ttlHours * 3_600_000),
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

/** The live session of a token: not revoked, not expired; null otherwise. */
export async function findSession(db: DbOrTx, token: string): Promise<SessionIdentity | null> {
  const [row] = await db
    .select({
      sessionId: sessions.id,
      memberId: members.id,
      role: members.role,
      status: members.status,
      displayName: members.displayName,
    })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)));
  return row ?? null;
}

export async function revokeSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
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
