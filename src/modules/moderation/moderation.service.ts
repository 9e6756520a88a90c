// Moderation rules: members report, reports auto-hide content, admins review the queue and resolve, every action audited.
import { eq, inArray } from 'drizzle-orm';
import { one } from '../../db/sql.js';
import type { Tx } from '../../db/client.js';
import { isUniqueViolation } from '../../db/errors.js';
import { reports } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { Errors } from '../../errors.js';
import { createActions, kindName, type ModerationDeps, type Unit } from './actions.js';
import { historyOf, listAudit, type AuditFilter } from '../audit/index.js';
import { isContentKind, type ContentKind, type ReviewContent } from './content.js';
import { listNotices, markNoticeRead } from './notices.repo.js';
import {
  contentStates,
  countOpenReportsByTargetType,
  countStandingReports,
  findReport,
  findOpenReportBy,
  insertReport,
  listQueueGroups,
  listReportsBy,
  lockContentState,
  lockReport,
  reportsForTargets,
  resolveOpenReports,
  type QueueFilter,
  type ReportRow,
  type ReportTargetType,
  type Resolution,
} from './reports.repo.js';

export interface ReportInput {
  targetType: ReportTargetType;
  targetId: string;
  reason: ReportRow['reason'];
  note?: string | null;
}

export interface ResolveInput {
  action: Resolution;
  reason: string;
  until?: Date | null;
}

const HISTORY_LIMIT = 20;

export function createModerationService(deps: ModerationDeps) {
  const { database, config } = deps;
  const { db } = database;
  const actions = createActions(deps);

  /** A member reports content (that they can see and did not write) or another active member. */
  async function report(reporterId: string, input: ReportInput): Promise<ReportRow> {
    // Who may see the target is checked before the transaction: a content module may read on its own connection,
    // and a pool connection taken while holding another would deadlock under load.
    let subjectId: string | null;
    if (input.targetType === 'member') {
      if (input.targetId === reporterId) throw Errors.badRequest('CANNOT_REPORT_SELF', 'You cannot report yourself');
      const [target] = await db.select({ id: memberView.id, status: memberView.status }).from(memberView).where(eq(memberView.id, input.targetId));
      if (!target || target.status !== 'active') throw Errors.notFound('Member');
      subjectId = target.id;
    } else {
      const item = await visibleContent(reporterId, input.targetType, input.targetId);
      if (item.authorId === reporterId) throw Errors.badRequest('CANNOT_REPORT_SELF', 'You cannot report your own content');
      subjectId = item.authorId;
    }
    try {
      return await actions.run(async (unit) => {
        const { tx } = unit;
        if (input.targetType !== 'member') {
          // Serialises reports on this item, so the auto-hide count below sees every committed report.
          await lockContentState(tx, input.targetType, input.targetId);
          const now = await actions.moderatorFor(input.targetType)!.getForReview(tx, input.targetId);
          if (!now || now.hidden || now.removed) throw Errors.notFound(kindName(input.targetType));
        }
        if (await findOpenReportBy(tx, reporterId, input.targetType, input.targetId)) throw alreadyReported();
        const row = await insertReport(tx, { reporterId, targetType: input.targetType, targetId: input.targetId, subjectId, reason: input.reason, note: input.note ?? null });
        if (input.targetType !== 'member') await maybeAutoHide(unit, input.targetType, input.targetId);
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw alreadyReported();
      throw err;
    }
  }

  const alreadyReported = () => Errors.conflict('You have already reported this; an admin will review it', 'ALREADY_REPORTED');

  async function visibleContent(memberId: string, kind: ContentKind, id: string): Promise<ReviewContent> {
    const mod = actions.moderatorFor(kind);
    const item = mod ? await mod.getForReview(db, id) : null;
    if (!mod || !item || !(await mod.visibleTo(db, memberId, item))) throw Errors.notFound(kindName(kind));
    return item;
  }

  async function maybeAutoHide(unit: Unit, kind: ContentKind, id: string): Promise<void> {
    // Only reporters in good standing, and only reports filed since an admin last restored it, can hide content.
    const reporters = await countStandingReports(unit.tx, kind, id, config.REPORTER_STANDING_DAYS);
    if (reporters < config.AUTO_HIDE_REPORTS) return;
    const mod = actions.moderatorFor(kind)!;
    const item = await mod.getForReview(unit.tx, id);
    if (!item || item.hidden || item.removed) return;
    await actions.hideContent(unit, null, { kind, id }, `Reported by ${reporters} members; hidden until an admin decides`, {
      auto: true,
      details: { reporters },
    });
  }

  /** The review queue: one item per reported target, with its content, author, reports and past actions. */
  async function queue(filter: QueueFilter) {
    const groups = await listQueueGroups(db, filter);
    const targets = groups.map((g) => ({ type: g.targetType, id: g.targetId }));
    const [reportRows, states] = await Promise.all([
      reportsForTargets(
        db,
        targets.map((t) => t.id),
        filter.status,
      ),
      contentStates(db, targets),
    ]);
    const items = [];
    for (const g of groups) {
      const content = g.targetType === 'member' ? null : await actions.moderatorFor(g.targetType)?.getForReview(db, g.targetId);
      const authorId = g.targetType === 'member' ? g.targetId : (content?.authorId ?? reportRows.find((r) => r.targetId === g.targetId)?.subjectId ?? null);
      items.push({ group: g, content: content ?? null, authorId, state: states.get(`${g.targetType}:${g.targetId}`) ?? null });
    }
    const authorIds = [...new Set(items.map((i) => i.authorId).filter((x): x is string => x !== null))];
    const authors = authorIds.length ? await db.select().from(memberView).where(inArray(memberView.id, authorIds)) : [];
    const histories = await Promise.all(items.map((i) => historyOf(db, [i.group.targetId, ...(i.authorId && i.authorId !== i.group.targetId ? [i.authorId] : [])], HISTORY_LIMIT)));
    return items.map((i, n) => ({
      ...i,
      author: authors.find((a) => a.id === i.authorId) ?? null,
      reports: reportRows.filter((r) => r.targetId === i.group.targetId && r.targetType === i.group.targetType),
      history: histories[n] ?? [],
    }));
  }

  /** Resolves a report, and with it every open report on the same target: the decision is about the target. */
  async function resolve(adminId: string, reportId: string, input: ResolveInput) {
    if (input.until && input.action !== 'suspend') throw Errors.validation('until: only with action "suspend"');
    return actions.run(async (unit) => {
      const found = await findReport(unit.tx, reportId);
      if (!found) throw Errors.notFound('Report');
      // Decisions on one target serialise on the target (the same lock reports take), then the report is read again.
      if (found.targetType === 'member') await unit.tx.select({ id: memberView.id }).from(memberView).where(eq(memberView.id, found.targetId)).for('update');
      else await lockContentState(unit.tx, found.targetType, found.targetId);
      const report = (await lockReport(unit.tx, reportId))!;
      if (report.status === 'resolved') throw Errors.conflict(`This report was already resolved (${report.resolution})`, 'ALREADY_RESOLVED');
      const kind = report.targetType;
      const isMember = kind === 'member';
      if (isMember && (input.action === 'hide' || input.action === 'remove')) {
        throw Errors.badRequest('INVALID_ACTION', 'A member cannot be hidden or removed: warn or suspend them');
      }
      const reportIds = await resolveOpenReports(unit.tx, kind, report.targetId, { resolution: input.action, resolvedBy: adminId, reason: input.reason });
      const details = { reportIds, resolution: input.action };
      const target = { kind: kind as ContentKind, id: report.targetId };
      const subjectId = isMember ? report.targetId : await currentAuthor(unit.tx, target.kind, target.id, report.subjectId);
      switch (input.action) {
        case 'dismiss': {
          const item = isMember ? null : await actions.moderatorFor(target.kind)?.getForReview(unit.tx, target.id);
          const state = item ? (await contentStates(unit.tx, [{ type: kind, id: target.id }])).get(`${kind}:${target.id}`) : undefined;
          // Auto-hidden content waited for this decision: dismissing the reports brings it back.
          if (item && state?.autoHidden && item.hidden && !item.removed && state.state !== 'removed') {
            await actions.restoreContent(unit, adminId, target, input.reason, details);
          }
          await actions.audit(unit.tx, { actorId: adminId, action: 'report.dismiss', targetType: kind, targetId: report.targetId, reason: input.reason, details });
          break;
        }
        case 'hide':
          await actions.hideContent(unit, adminId, target, input.reason, { confirmHidden: true, details });
          break;
        case 'remove':
          await actions.removeContent(unit, adminId, target, input.reason, details);
          break;
        case 'warn':
          if (!subjectId) throw Errors.conflict("The author's account no longer exists", 'AUTHOR_GONE');
          await actions.warnMember(unit, adminId, subjectId, input.reason, { type: kind, id: report.targetId }, details);
          break;
        case 'suspend':
          if (!subjectId) throw Errors.conflict("The author's account no longer exists", 'AUTHOR_GONE');
          await actions.suspendMember(unit, adminId, subjectId, input.reason, input.until ?? null, { ...details, about: { type: kind, id: report.targetId } });
          break;
      }
      const resolved = one(await unit.tx.select().from(reports).where(eq(reports.id, reportId)));
      return { report: resolved, resolvedReportIds: reportIds };
    });
  }

  async function currentAuthor(tx: Tx, kind: ContentKind, id: string, fallback: string | null): Promise<string | null> {
    const item = await actions.moderatorFor(kind)?.getForReview(tx, id);
    return item ? item.authorId : fallback;
  }

  return {
    report,
    queue,
    resolve,
    hide: (adminId: string, kind: ContentKind, id: string, reason: string) => actions.run((u) => actions.hideContent(u, adminId, { kind, id }, reason)),
    restore: (adminId: string, kind: ContentKind, id: string, reason: string) => actions.run((u) => actions.restoreContent(u, adminId, { kind, id }, reason)),
    /** The content's current moderation view for the admin (after hide/restore). */
    contentView: async (kind: ContentKind, id: string) => {
      const item = await actions.moderatorFor(kind)?.getForReview(db, id);
      if (!item) throw Errors.notFound(kindName(kind));
      const states = await contentStates(db, [{ type: kind, id }]);
      return { item, state: states.get(`${kind}:${id}`) ?? null };
    },
    suspend: (adminId: string, memberId: string, reason: string, until: Date | null) => actions.run((u) => actions.suspendMember(u, adminId, memberId, reason, until)),
    unsuspend: (adminId: string, memberId: string, reason: string) => actions.run((u) => actions.unsuspendMember(u, adminId, memberId, reason)),
    lockQuestion: (adminId: string, id: string, locked: boolean, reason: string | null) => actions.run((u) => actions.setQuestionLock(u, adminId, id, locked, reason)),
    removeFromCircle: (adminId: string, circleId: string, memberId: string, reason: string | null) =>
      actions.run((u) => actions.removeFromCircle(u, adminId, circleId, memberId, reason)),
    liftExpiredSuspensions: actions.liftExpiredSuspensions,
    /** Entries with, for content targets, where the content lives (so the console can link an answer to its question). */
    auditLog: async (filter: AuditFilter) => {
      const rows = await listAudit(db, filter);
      return Promise.all(
        rows.map(async (row) => {
          const mod = isContentKind(row.targetType) && row.targetId ? actions.moderatorFor(row.targetType) : undefined;
          const item = mod && row.targetId ? await mod.getForReview(db, row.targetId) : null;
          return { ...row, context: item?.context ?? null };
        }),
      );
    },
    /** Open reports per target type (the admin's overview). */
    openReportCounts: () => countOpenReportsByTargetType(db),
    myReports: (memberId: string, limit: number, after?: { at: string; id: string }) => listReportsBy(db, memberId, limit, after),
    notices: (memberId: string, limit: number, after?: { at: string; id: string }) => listNotices(db, memberId, limit, after),
    readNotice: async (memberId: string, id: string) => {
      if (!(await markNoticeRead(db, memberId, id))) throw Errors.notFound('Notice');
    },
  };
}

export type ModerationService = ReturnType<typeof createModerationService>;
export type QueueItem = Awaited<ReturnType<ModerationService['queue']>>[number];
