// Email verification at registration: the registration waits (with a single-use token) until the address is confirmed;
// a taken address gets a "someone tried to register" mail instead, and the caller sees the same answer either way.
import { randomUUID } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { mailOutbox, pendingRegistrations } from '../../db/schema/index.js';
import { firstRow, sql } from '../../db/sql.js';
import { Errors } from '../../errors.js';
import { findMemberByEmail, insertMember, type MemberRow } from '../members/index.js';
import type { Profile } from '../../domain/profile.js';
import { enqueueMail } from './outbox.repo.js';
import { hashToken, newVerificationToken } from './tokens.js';

export interface RegistrationInput {
  email: string;
  passwordHash: string;
  displayName: string;
  profile: Profile;
}

/** What registration needs from notifications (the auth service takes it as a dependency). */
export interface RegistrationMail {
  /** Records the registration and mails a verification link (or tells the owner of a taken address). Returns the id the member will have. */
  register(input: RegistrationInput): Promise<{ id: string; createdAt: Date }>;
  /** The password hash of a registration still waiting for its address to be confirmed (so login can say so). */
  awaitingVerification(email: string): Promise<string | undefined>;
}

export function createVerification({ database, config, wake }: { database: Database; config: Config; wake: () => void }) {
  const { db } = database;

  /** At most one "someone tried" mail per address per hour, so the endpoint cannot be used to flood a member. */
  async function recentAttemptMail(tx: DbOrTx, memberId: string): Promise<boolean> {
    const row = await firstRow<{ n: number }>(
      tx,
      sql`select count(*)::int as "n" from ${mailOutbox} where member_id = ${memberId} and template = 'register_attempt' and created_at > now() - interval '1 hour'`,
    );
    return (row?.n ?? 0) > 0;
  }

  const mail: RegistrationMail = {
    async register(input) {
      const email = input.email.trim().toLowerCase();
      const result = await db.transaction(async (tx) => {
        const existing = await findMemberByEmail(tx, email);
        if (existing) {
          if (!(await recentAttemptMail(tx, existing.id))) {
            await enqueueMail(tx, { memberId: existing.id, toAddress: existing.email, template: 'register_attempt', data: { name: existing.displayName } });
          }
          return { id: randomUUID(), createdAt: new Date() };
        }
        const token = newVerificationToken();
        const expiresAt = new Date(Date.now() + config.EMAIL_VERIFY_TTL_HOURS * 3_600_000);
        // Registering again before confirming replaces the details and the token (the id stays); only the mailbox owner can confirm.
        const row = await firstRow<{ id: string; createdAt: string }>(
          tx,
          sql`insert into ${pendingRegistrations} (email, password_hash, display_name, profile, token_hash, expires_at)
              values (${email}, ${input.passwordHash}, ${input.displayName}, ${JSON.stringify(input.profile)}::jsonb, ${hashToken(token)}, ${expiresAt.toISOString()}::timestamptz)
              on conflict (lower(email)) do update set password_hash = excluded.password_hash, display_name = excluded.display_name,
                profile = excluded.profile, token_hash = excluded.token_hash, expires_at = excluded.expires_at, created_at = now()
              returning id, created_at as "createdAt"`,
        );
        await enqueueMail(tx, { memberId: null, toAddress: email, template: 'verify_email', data: { name: input.displayName, token } });
        return { id: row!.id, createdAt: new Date(row!.createdAt) };
      });
      wake();
      return result;
    },
    async awaitingVerification(email) {
      const row = await firstRow<{ passwordHash: string }>(
        db,
        sql`select password_hash as "passwordHash" from ${pendingRegistrations} where lower(email) = ${email.trim().toLowerCase()} and expires_at > now()`,
      );
      return row?.passwordHash;
    },
  };

  /** Uses a token: the member is created (pending, or active with AUTO_APPROVE). 404 when forged, used or expired. */
  async function verifyEmail(token: string): Promise<MemberRow> {
    try {
      return await db.transaction(async (tx) => {
        const pending = await firstRow<{ id: string; email: string; passwordHash: string; displayName: string; profile: Profile }>(
          tx,
          sql`delete from ${pendingRegistrations} where token_hash = ${hashToken(token)} and expires_at > now()
              returning id, email, password_hash as "passwordHash", display_name as "displayName", profile`,
        );
        if (!pending) throw Errors.notFound('Verification token');
        return insertMember(tx, { ...pending, status: config.AUTO_APPROVE ? 'active' : 'pending' });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.emailTaken(); // the address got an account meanwhile (an admin made it)
      throw err;
    }
  }

  /** Drops registrations whose link expired (hourly job). */
  async function purgeExpired(): Promise<void> {
    await db.execute(sql`delete from ${pendingRegistrations} where expires_at < now()`);
  }

  return { mail, verifyEmail, purgeExpired };
}
