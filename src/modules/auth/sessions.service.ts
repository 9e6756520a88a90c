// A member's own sessions: list, end one, end all, change the password (which ends the others); sockets follow via session.ended.
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import type { EventHub } from '../../lib/events.js';
import { z } from 'zod';
import { recordAudit } from '../audit/index.js';
import { findMemberById, setMemberPasswordHash } from '../members/index.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import { countRecentFailures, listLiveSessions, recordFailure, revokeOtherSessions, revokeOwnSession, type SessionView } from './sessions.repo.js';

export interface SessionsDeps {
  database: Database;
  config: Config;
  events: EventHub;
}

const sessionCursor = z.object({ c: z.iso.datetime(), i: z.uuid() }).strict();

export function createSessionsService({ database, config, events }: SessionsDeps) {
  const { db } = database;

  async function list(memberId: string, currentSessionId: string, limit: number, cursor?: string) {
    const after = decodeCursor(cursor, sessionCursor);
    const rows = await listLiveSessions(db, memberId, limit + 1, after && { createdAt: new Date(after.c), id: after.i });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((s: SessionView) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
        expiresAt: s.expiresAt.toISOString(),
        userAgent: s.userAgent,
        current: s.id === currentSessionId,
      })),
      nextCursor: rows.length > limit && last ? encodeCursor({ c: last.createdAt.toISOString(), i: last.id }) : null,
    };
  }

  async function revoke(memberId: string, sessionId: string): Promise<void> {
    // Someone else's session, an ended one and an unknown id all answer 404 alike.
    if (!(await revokeOwnSession(db, memberId, sessionId))) throw Errors.notFound('Session');
    events.emit('session.ended', { memberId, sessionId });
  }

  async function logoutAll(memberId: string): Promise<void> {
    await revokeOtherSessions(db, memberId, null);
    events.emit('session.ended', { memberId });
  }

  async function changePassword(memberId: string, currentSessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const member = await findMemberById(db, memberId);
    if (!member) throw Errors.unauthenticated();
    // A stolen token must not become a password-guessing oracle: wrong guesses count with failed logins.
    const failures = await countRecentFailures(db, member.email, config.LOGIN_FAILURE_WINDOW_MINUTES);
    if (failures >= config.LOGIN_MAX_FAILURES) throw Errors.rateLimited(`Too many wrong passwords; try again in ${config.LOGIN_FAILURE_WINDOW_MINUTES} minutes`);
    if (!(await verifyPassword(member.passwordHash, currentPassword))) {
      await recordFailure(db, member.email);
      throw Errors.badRequest('WRONG_PASSWORD', 'The current password is incorrect');
    }
    if (currentPassword === newPassword) throw Errors.validation('body.newPassword: must differ from the current password');
    const newHash = await hashPassword(newPassword);
    const ended = await db.transaction(async (tx) => {
      if (!(await setMemberPasswordHash(tx, memberId, member.passwordHash, newHash))) {
        throw Errors.conflict('The password was changed meanwhile', 'PASSWORD_CHANGED');
      }
      const ids = await revokeOtherSessions(tx, memberId, currentSessionId);
      await recordAudit(tx, { actorId: memberId, action: 'member.password_change', targetType: 'member', targetId: memberId, details: { endedSessions: ids.length } });
      return ids;
    });
    for (const sessionId of ended) events.emit('session.ended', { memberId, sessionId });
  }

  return { list, revoke, logoutAll, changePassword };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
