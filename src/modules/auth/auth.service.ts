// Registration, login and logout: the rules (approval, suspension, failure throttle) around the repos.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { EventHub } from '../../lib/events.js';
import { isUniqueViolation } from '../../db/errors.js';
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import { findMemberByEmail, findMemberById, insertMember, setMemberStatus, type MemberRow } from '../members/index.js';
import type { MemberOut } from '../members/member.schemas.js';
import { toMember } from '../members/members.mapper.js';
import type { Profile } from '../../domain/profile.js';
import type { RegistrationMail } from '../notifications/verification.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/password.js';
import { clearFailures, countRecentFailures, createSession, recordFailure, revokeSession } from './sessions.repo.js';

export interface AuthDeps {
  database: Database;
  config: Config;
  /** Email verification (the notifications module): registrations wait for a confirmed address. Without it, members are made at once. */
  registration?: RegistrationMail;
  /** session.ended on logout, so the sockets opened with the token close on every process. */
  events?: EventHub;
}

export function createAuthService({ database, config, events, registration }: AuthDeps) {
  const { db } = database;

  /**
   * With verification, the answer is the same whether the address is new or taken (the owner of a taken one gets a mail),
   * so registration tells no one which emails exist: a pending member whose id becomes real once the address is confirmed.
   */
  async function register(input: { email: string; password: string; displayName: string; profile: Profile }): Promise<MemberOut> {
    const passwordHash = await hashPassword(input.password);
    if (registration) {
      const { id, createdAt } = await registration.register({ email: input.email, passwordHash, displayName: input.displayName, profile: input.profile });
      const email = input.email.trim().toLowerCase();
      return { id, email, displayName: input.displayName, role: 'member', status: 'pending', profile: input.profile, createdAt: createdAt.toISOString(), approvedAt: null };
    }
    try {
      const row = await insertMember(db, {
        email: input.email,
        passwordHash,
        displayName: input.displayName,
        profile: input.profile,
        status: config.AUTO_APPROVE ? 'active' : 'pending',
      });
      return toMember(row);
    } catch (err) {
      if (isUniqueViolation(err)) throw Errors.emailTaken();
      throw err;
    }
  }

  async function login(email: string, password: string, meta: { userAgent?: string | undefined } = {}): Promise<{ token: string; member: MemberRow }> {
    const failures = await countRecentFailures(db, email, config.LOGIN_FAILURE_WINDOW_MINUTES);
    if (failures >= config.LOGIN_MAX_FAILURES) {
      throw Errors.rateLimited(`Too many failed logins for this account; try again in ${config.LOGIN_FAILURE_WINDOW_MINUTES} minutes`);
    }
    let member = await findMemberByEmail(db, email);
    const ok = await verifyPassword(member?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!member && registration) {
      const waiting = await registration.awaitingVerification(email);
      if (waiting && (await verifyPassword(waiting, password))) throw Errors.emailNotVerified();
    }
    if (!member || !ok) {
      await recordFailure(db, email);
      throw Errors.invalidCredentials();
    }
    await clearFailures(db, email);
    if (member.status === 'suspended' && member.suspendedUntil && member.suspendedUntil <= new Date()) {
      member = await liftEndedSuspension(member);
    }
    if (member.status === 'pending') throw Errors.pendingApproval();
    if (member.status === 'suspended') throw Errors.suspended(member.suspendedUntil);
    if (member.status === 'rejected') throw Errors.rejected(member.rejectedReason);
    const token = await createSession(db, member.id, config.SESSION_TTL_HOURS, meta);
    return { token, member };
  }

  /** The suspension has run out: lift it on the way in, audited as the moderation sweep does it on its timer. */
  async function liftEndedSuspension(member: MemberRow): Promise<MemberRow> {
    return db.transaction(async (tx) => {
      const lifted = await setMemberStatus(tx, member.id, 'suspended', { status: 'active', suspendedReason: null, suspendedUntil: null });
      if (!lifted) return (await findMemberById(tx, member.id)) ?? member; // the sweep (or an admin) got there first
      await recordAudit(tx, { actorId: null, action: 'member.unsuspend', targetType: 'member', targetId: member.id, reason: 'The suspension ended', details: { auto: true, at: 'login' } });
      return lifted;
    });
  }

  async function logout(sessionId: string): Promise<void> {
    const ended = await revokeSession(db, sessionId);
    if (ended) events?.emit('session.ended', { memberId: ended.memberId, sessionId });
  }

  return { register, login, logout };
}

export type AuthService = ReturnType<typeof createAuthService>;
