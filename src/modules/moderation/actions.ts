// Staff actions (hide, restore, remove, warn, suspend, lock, circle removal), each with its audit entry in one transaction.
import type { Config } from '../../config.js';
import type { Database, DbOrTx, Tx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import type { EventHub } from '../../lib/events.js';
import { recordAudit, type AuditEntry } from '../audit/index.js';
import { revokeMemberSessions } from '../auth/index.js';
import type { Seats } from '../matching/seats.js';
import * as accounts from '../members/index.js';
import type { MemberRow } from '../members/index.js';
import type { Notifier } from '../notifications/port.js';
import type { ContentIntegrations, ContentKind, ContentModerator, ReviewContent } from './content.js';
import { insertNotice } from './notices.repo.js';
import { lockContentState, setContentState, type ContentStateRow } from './reports.repo.js';

export interface ModerationDeps {
  database: Database;
  config: Config;
  events: EventHub;
  integrations: ContentIntegrations;
  /** Matching's seats: a suspension releases the member's pending matches; an admin removes a member from a circle. */
  seats: Seats;
  /** Warnings and suspensions notify the member (always sent, whatever their preferences). */
  notifier?: Notifier;
  /** Injected by tests to force a failure between an action and its audit entry. */
  recordAudit?: (tx: DbOrTx, entry: AuditEntry) => Promise<void>;
}

/** One transaction plus the work to do once it has committed (events to sockets and other processes). */
export interface Unit {
  tx: Tx;
  after(fn: () => void): void;
}

/** Extra audit details an action carries when it settles reports (which reports, which decision). */
export type AuditExtra = Record<string, unknown>;

export interface LoadedContent {
  mod: ContentModerator;
  item: ReviewContent;
  state: ContentStateRow;
}

export function createActions(deps: ModerationDeps) {
  const { database, events, integrations, seats } = deps;
  const audit = deps.recordAudit ?? recordAudit;

  async function run<T>(fn: (unit: Unit) => Promise<T>): Promise<T> {
    const pending: (() => void)[] = [];
    const result = await database.db.transaction((tx) => fn({ tx, after: (f) => pending.push(f) }));
    for (const f of pending) f();
    return result;
  }

  function moderatorFor(kind: ContentKind): ContentModerator | undefined {
    return integrations.content[kind];
  }

  /** The item (any state) with its locked moderation state; 404 when the kind is not wired or the item does not exist. */
  async function loadContent(tx: Tx, kind: ContentKind, id: string): Promise<LoadedContent> {
    const mod = moderatorFor(kind);
    const item = mod ? await mod.getForReview(tx, id) : null;
    if (!mod || !item) throw Errors.notFound(kindName(kind));
    const state = await lockContentState(tx, kind, id);
    return { mod, item, state };
  }

  const isRemoved = (c: LoadedContent) => c.item.removed || c.state.state === 'removed';
  const removedError = (kind: ContentKind) => Errors.conflict(`This ${kind} was removed; it cannot be hidden or restored`, 'CONTENT_REMOVED');

  async function hideContent(
    unit: Unit,
    actorId: string | null,
    target: { kind: ContentKind; id: string },
    reason: string,
    opts: { auto?: boolean; confirmHidden?: boolean; details?: AuditExtra } = {},
  ): Promise<void> {
    const c = await loadContent(unit.tx, target.kind, target.id);
    if (isRemoved(c)) throw removedError(target.kind);
    const already = c.item.hidden;
    if (already && !opts.confirmHidden) throw Errors.conflict(`This ${target.kind} is already hidden`, 'ALREADY_HIDDEN');
    if (!already) await c.mod.setHidden(unit.tx, c.item, true, reason);
    await setContentState(unit.tx, target.kind, target.id, { state: 'hidden', autoHidden: opts.auto ?? false, reason, updatedBy: actorId });
    await audit(unit.tx, {
      actorId,
      action: opts.auto ? 'content.auto_hide' : 'content.hide',
      targetType: target.kind,
      targetId: target.id,
      reason,
      details: { authorId: c.item.authorId, ...(already ? { wasHidden: true, wasAutoHidden: c.state.autoHidden } : {}), ...opts.details },
    });
    if (!already) unit.after(() => c.mod.changed?.(c.item, 'hidden'));
  }

  async function restoreContent(
    unit: Unit,
    actorId: string,
    target: { kind: ContentKind; id: string },
    reason: string,
    details: AuditExtra = {},
  ): Promise<void> {
    const c = await loadContent(unit.tx, target.kind, target.id);
    if (isRemoved(c)) throw removedError(target.kind);
    if (!c.item.hidden) throw Errors.conflict(`This ${target.kind} is not hidden`, 'NOT_HIDDEN');
    await c.mod.setHidden(unit.tx, c.item, false, null);
    await setContentState(unit.tx, target.kind, target.id, { state: 'visible', autoHidden: false, reason, updatedBy: actorId });
    await audit(unit.tx, { actorId, action: 'content.restore', targetType: target.kind, targetId: target.id, reason, details: { authorId: c.item.authorId, ...details } });
    unit.after(() => c.mod.changed?.(c.item, 'restored'));
  }

  async function removeContent(unit: Unit, actorId: string, target: { kind: ContentKind; id: string }, reason: string, details: AuditExtra = {}) {
    const c = await loadContent(unit.tx, target.kind, target.id);
    if (isRemoved(c)) throw Errors.conflict(`This ${target.kind} was already removed`, 'CONTENT_REMOVED');
    await c.mod.remove(unit.tx, c.item, reason);
    await setContentState(unit.tx, target.kind, target.id, { state: 'removed', autoHidden: false, reason, updatedBy: actorId });
    await audit(unit.tx, { actorId, action: 'content.remove', targetType: target.kind, targetId: target.id, reason, details: { authorId: c.item.authorId, ...details } });
    unit.after(() => c.mod.changed?.(c.item, 'removed'));
  }

  async function lockMember(tx: Tx, id: string): Promise<MemberRow> {
    const row = await accounts.lockMember(tx, id);
    if (!row) throw Errors.notFound('Member');
    return row;
  }

  async function warnMember(unit: Unit, actorId: string, memberId: string, reason: string, about: { type: string; id: string } | null, details: AuditExtra = {}) {
    if (memberId === actorId) throw Errors.badRequest('CANNOT_WARN_SELF', 'You cannot warn yourself');
    await lockMember(unit.tx, memberId);
    const notice = await insertNotice(unit.tx, {
      memberId,
      kind: 'warning',
      message: reason,
      targetType: about?.type ?? null,
      targetId: about?.id ?? null,
      createdBy: actorId,
    });
    await audit(unit.tx, { actorId, action: 'member.warn', targetType: 'member', targetId: memberId, reason, details: { noticeId: notice.id, about, ...details } });
    await deps.notifier?.notify(unit.tx, { memberId, kind: 'moderation_warning', data: { noticeId: notice.id, reason, about }, dedupeKey: `moderation_warning:${notice.id}` });
  }

  async function suspendMember(unit: Unit, actorId: string, memberId: string, reason: string, until: Date | null, details: AuditExtra = {}): Promise<MemberRow> {
    if (memberId === actorId) throw Errors.badRequest('CANNOT_SUSPEND_SELF', 'You cannot suspend yourself');
    if (until && until.getTime() <= Date.now()) throw Errors.validation('until: must be in the future');
    const member = await lockMember(unit.tx, memberId);
    if (member.role === 'admin') throw Errors.conflict('Admins cannot be suspended', 'CANNOT_SUSPEND_ADMIN');
    if (member.status === 'suspended') throw Errors.conflict('This member is already suspended', 'ALREADY_SUSPENDED');
    if (member.status !== 'active') throw Errors.conflict(`This member is ${member.status}, not active`, 'NOT_ACTIVE');
    const row = await accounts.suspendMember(unit.tx, memberId, reason, until);
    await revokeMemberSessions(unit.tx, memberId);
    const { circleIds: released, roundIds } = await seats.release(unit.tx, memberId);
    await audit(unit.tx, {
      actorId,
      action: 'member.suspend',
      targetType: 'member',
      targetId: memberId,
      reason,
      details: { until: until?.toISOString() ?? null, releasedCircleIds: released, releasedRoundIds: roundIds, ...details },
    });
    await deps.notifier?.notify(unit.tx, { memberId, kind: 'moderation_suspension', data: { reason, until: until?.toISOString() ?? null } });
    unit.after(() => {
      events.emit('member.suspended', { memberId });
      events.emit('session.ended', { memberId });
      for (const circleId of released) events.emit('circle.member_removed', { circleId, memberId });
    });
    return row;
  }

  async function unsuspendMember(unit: Unit, actorId: string, memberId: string, reason: string): Promise<MemberRow> {
    const member = await lockMember(unit.tx, memberId);
    if (member.status !== 'suspended') throw Errors.conflict('This member is not suspended', 'NOT_SUSPENDED');
    const row = await accounts.unsuspendMember(unit.tx, memberId);
    await audit(unit.tx, { actorId, action: 'member.unsuspend', targetType: 'member', targetId: memberId, reason, details: { wasUntil: member.suspendedUntil?.toISOString() ?? null } });
    return row;
  }

  /** Lifts every suspension whose end has passed (the timer sweep; login does the same for one member). */
  async function liftExpiredSuspensions(): Promise<string[]> {
    return run(async (unit) => {
      const ids = await accounts.liftEndedSuspensions(unit.tx);
      for (const id of ids) {
        await audit(unit.tx, { actorId: null, action: 'member.unsuspend', targetType: 'member', targetId: id, reason: 'The suspension ended', details: { auto: true } });
      }
      return ids;
    });
  }

  async function setQuestionLock(unit: Unit, actorId: string, questionId: string, locked: boolean, reason: string | null): Promise<void> {
    const locker = integrations.questions;
    const previous = locker ? await locker.setLocked(unit.tx, questionId, locked) : null;
    if (previous === null) throw Errors.notFound('Question');
    if (previous === locked) throw Errors.conflict(locked ? 'This question is already locked' : 'This question is not locked', locked ? 'ALREADY_LOCKED' : 'NOT_LOCKED');
    await audit(unit.tx, { actorId, action: locked ? 'question.lock' : 'question.unlock', targetType: 'question', targetId: questionId, reason });
  }

  async function removeFromCircle(unit: Unit, actorId: string, circleId: string, memberId: string, reason: string | null): Promise<void> {
    const previousStatus = await seats.remove(unit.tx, circleId, memberId);
    await audit(unit.tx, {
      actorId,
      action: 'circle.remove_member',
      targetType: 'member',
      targetId: memberId,
      reason,
      details: { circleId, previousStatus },
    });
    unit.after(() => events.emit('circle.member_removed', { circleId, memberId }));
  }

  return {
    run,
    audit,
    moderatorFor,
    loadContent,
    hideContent,
    restoreContent,
    removeContent,
    warnMember,
    suspendMember,
    unsuspendMember,
    liftExpiredSuspensions,
    setQuestionLock,
    removeFromCircle,
  };
}

export type Actions = ReturnType<typeof createActions>;

export const kindName = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);
