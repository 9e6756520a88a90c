// One card of the review queue: the reported content as stored, its author, the reports (who, why, when) and the
// history of staff actions on the content and its author; the decision form and hide/restore below.
import { formatTime, words } from '../../format.js';
import { Link } from '../../router.js';
import { auditHref } from './audit-links.js';
import { ContentActions, DecisionForm } from './moderation-decide.js';
import type { AuditEntry, QueueItem } from './moderation-types.js';

type Props = { item: QueueItem; tz: string; onDone: (message: string) => void };

export function QueueCard({ item, tz, onDone }: Props) {
  const t = item.target;
  const open = item.reports.some((r) => r.status === 'open');
  const headingId = `q-${item.targetId}`;
  return (
    <li class="card review" aria-labelledby={headingId} data-testid="queue-item" data-target-id={item.targetId} data-target-type={item.targetType}>
      <div class="card-head">
        <h2 id={headingId}>
          {words(item.targetType)}
          {t?.title ? `: ${t.title}` : ''}
        </h2>
        <span class={t?.state === 'visible' ? 'tag' : 'tag error'} data-testid="content-state">
          {t ? (t.autoHidden && t.state === 'hidden' ? 'hidden by reports' : t.state) : 'deleted'}
        </span>
      </div>
      <p class="muted">
        {item.reportCount} {item.reportCount === 1 ? 'report' : 'reports'} · first <time dateTime={item.firstReportedAt}>{formatTime(item.firstReportedAt, tz)}</time>
        {item.reportCount > 1 && (
          <>
            {' '}
            · last <time dateTime={item.lastReportedAt}>{formatTime(item.lastReportedAt, tz)}</time>
          </>
        )}
      </p>
      <h3>Content</h3>
      {t ? (
        <blockquote class="reported" data-testid="content">
          <p class="text">{t.body ?? t.title}</p>
          <footer class="muted">
            Posted <time dateTime={t.createdAt}>{formatTime(t.createdAt, tz)}</time>
            <ContextLink item={item} />
          </footer>
        </blockquote>
      ) : (
        <p class="muted">The content no longer exists.</p>
      )}
      <h3>Author</h3>
      {item.author ? (
        <p data-testid="author">
          <strong>{item.author.displayName}</strong> · {item.author.role} · <span data-testid="author-status">{item.author.status}</span>
          {item.author.suspendedUntil && <> until {formatTime(item.author.suspendedUntil, tz)}</>}
        </p>
      ) : (
        <p class="muted">Unknown author.</p>
      )}
      <h3>Reports</h3>
      <ul class="plain" data-testid="reports">
        {item.reports.map((r) => (
          <li key={r.id} data-testid="report">
            <strong>{r.reporter?.displayName ?? 'a former member'}</strong>: {words(r.reason)}
            {r.note && <> — “{r.note}”</>} · <time dateTime={r.createdAt}>{formatTime(r.createdAt, tz)}</time>
            {r.resolution && (
              <span class="muted">
                {' '}
                · decided: {words(r.resolution)}
                {r.resolutionReason ? ` (${r.resolutionReason})` : ''}
              </span>
            )}
          </li>
        ))}
      </ul>
      <h3>History</h3>
      <History entries={item.history} tz={tz} />
      <p class="muted">
        In the audit log:{' '}
        <Link href={auditHref({ targetId: item.targetId })} data-testid="audit-target">
          every action on this {item.targetType}
        </Link>
        {item.author && item.author.id !== item.targetId && (
          <>
            {' · '}
            <Link href={auditHref({ targetId: item.author.id })} data-testid="audit-author">
              every action on {item.author.displayName}
            </Link>
          </>
        )}
      </p>
      {open && <DecisionForm item={item} tz={tz} onDone={onDone} />}
      <ContentActions item={item} onDone={onDone} />
    </li>
  );
}

function ContextLink({ item }: { item: QueueItem }) {
  const ctx = item.target?.context ?? {};
  if (item.targetType === 'question') return <> · <Link href={`/qa/${item.targetId}`}>open the thread</Link></>;
  if (ctx.questionId) return <> · <Link href={`/qa/${ctx.questionId}`}>open the thread</Link></>;
  if (ctx.roomId) return <> · in a chat room</>;
  return null;
}

export function History({ entries, tz }: { entries: AuditEntry[]; tz: string }) {
  if (!entries.length) return <p class="muted" data-testid="history-empty">No earlier staff action on this content or its author.</p>;
  return (
    <ul class="plain history" data-testid="history">
      {entries.map((e) => (
        <li key={e.id} data-testid="history-entry" data-action={e.action}>
          <code>{e.action}</code> on {e.targetType} by {e.actor?.displayName ?? 'the system'} · <time dateTime={e.createdAt}>{formatTime(e.createdAt, tz)}</time>
          {e.reason && <>: {e.reason}</>}
        </li>
      ))}
    </ul>
  );
}
