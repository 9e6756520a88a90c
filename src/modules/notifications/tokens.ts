// Signed tokens for unsubscribe links (HMAC, no login needed) and random verification tokens stored only as hashes.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/client.js';
import { notificationKeys } from '../../db/schema/index.js';
import { eq } from 'drizzle-orm';

const UNSUBSCRIBE_TTL_DAYS = 365;

export interface Signer {
  unsubscribeToken(memberId: string, kind: string, now?: Date): string;
  /** The member and kind, or null when forged, malformed or expired. */
  readUnsubscribe(token: string, now?: Date): { memberId: string; kind: string } | null;
}

export function createSigner(secret: string): Signer {
  const mac = (payload: string) => createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');
  return {
    unsubscribeToken(memberId, kind, now = new Date()) {
      const exp = Math.floor(now.getTime() / 1000) + UNSUBSCRIBE_TTL_DAYS * 86_400;
      const payload = Buffer.from(JSON.stringify({ m: memberId, k: kind, e: exp })).toString('base64url');
      return `${payload}.${mac(payload)}`;
    },
    readUnsubscribe(token, now = new Date()) {
      const [payload, sig, extra] = token.split('.');
      if (!payload || !sig || extra !== undefined) return null;
      const expected = Buffer.from(mac(payload));
      const given = Buffer.from(sig);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      try {
        const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { m?: unknown; k?: unknown; e?: unknown };
        if (typeof body.m !== 'string' || typeof body.k !== 'string' || typeof body.e !== 'number') return null;
        if (body.e * 1000 < now.getTime()) return null;
        return { memberId: body.m, kind: body.k };
      } catch {
        return null;
      }
    },
  };
}

/** The signing secret: MAIL_TOKEN_SECRET, else one made once and kept in the database so every process agrees. */
export async function loadSigningSecret(database: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  const { db } = database;
  await db.insert(notificationKeys).values({ name: 'unsubscribe', secret: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(notificationKeys).where(eq(notificationKeys.name, 'unsubscribe'));
  return row!.secret;
}

export const newVerificationToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
