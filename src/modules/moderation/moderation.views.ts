// Turns moderation rows into the shapes the schemas let out.
import type { AuditRow } from '../audit/index.js';
import type { ContentKind } from './content.js';
import type { QueueItem } from './moderation.service.js';
import type { NoticeRow } from './notices.repo.js';
import type { ContentStateRow, ReportRow } from './reports.repo.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const toMyReport = (r: ReportRow) => ({
  id: r.id,
  targetType: r.targetType,
  targetId: r.targetId,
  reason: r.reason,
  note: r.note,
  status: r.status,
  createdAt: r.createdAt.toISOString(),
  resolvedAt: iso(r.resolvedAt),
});

export const toAdminReport = (r: ReportRow & { reporterName?: string | null }) => ({
  id: r.id,
  targetType: r.targetType,
  targetId: r.targetId,
  reporter: r.reporterName != null ? { id: r.reporterId, displayName: r.reporterName } : null,
  reason: r.reason,
  note: r.note,
  status: r.status,
  resolution: r.resolution,
  resolutionReason: r.resolutionReason,
  resolvedBy: r.resolvedBy,
  resolvedAt: iso(r.resolvedAt),
  createdAt: r.createdAt.toISOString(),
});

export const toAuditEntry = (a: AuditRow & { context?: Record<string, string | null> | null }) => ({
  id: a.id,
  actor: a.actorId && a.actorName != null ? { id: a.actorId, displayName: a.actorName } : null,
  action: a.action,
  targetType: a.targetType,
  targetId: a.targetId,
  reason: a.reason,
  details: a.details,
  context: a.context ?? null,
  createdAt: a.createdAt.toISOString(),
});

export function toContentState(kind: ContentKind, id: string, item: { hidden: boolean; removed: boolean }, state: ContentStateRow | null) {
  return {
    targetType: kind,
    targetId: id,
    state: stateOf(item, state),
    autoHidden: Boolean(state?.autoHidden && item.hidden),
    reason: state?.reason ?? null,
  };
}

function stateOf(item: { hidden: boolean; removed: boolean }, state: ContentStateRow | null) {
  if (item.removed || state?.state === 'removed') return 'removed' as const;
  return item.hidden ? ('hidden' as const) : ('visible' as const);
}

export function toQueueItem(i: QueueItem) {
  const { group, content, author, state } = i;
  let target = null;
  if (group.targetType === 'member') {
    target = author
      ? { title: author.displayName, body: null, createdAt: author.createdAt.toISOString(), context: {}, state: 'visible' as const, autoHidden: false }
      : null;
  } else if (content) {
    target = {
      title: content.title,
      body: content.body,
      createdAt: content.createdAt.toISOString(),
      context: content.context,
      state: stateOf(content, state),
      autoHidden: Boolean(state?.autoHidden && content.hidden),
    };
  }
  return {
    id: group.reportId,
    targetType: group.targetType,
    targetId: group.targetId,
    reportCount: group.count,
    firstReportedAt: group.firstAt.toISOString(),
    lastReportedAt: group.lastAt.toISOString(),
    target,
    author: author
      ? { id: author.id, displayName: author.displayName, role: author.role, status: author.status, suspendedUntil: iso(author.suspendedUntil) }
      : null,
    reports: i.reports.map(toAdminReport),
    history: i.history.map(toAuditEntry),
  };
}

export const toNotice = (n: NoticeRow) => ({
  id: n.id,
  kind: n.kind,
  message: n.message,
  targetType: n.targetType,
  targetId: n.targetId,
  createdAt: n.createdAt.toISOString(),
  readAt: iso(n.readAt),
});
