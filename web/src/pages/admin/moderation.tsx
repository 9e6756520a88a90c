// Admin console, moderation: the review queue (one card per reported target: content, author, reports, history),
// filtered by status and kind, with the decisions, hide and restore on each card. Only admins reach it (the shell's guard).
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useMe } from '../../session.js';
import type { Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../../ui.js';
import { LiveResult, useFocusAfterRedraw } from './moderation-dialog.js';
import { QueueCard } from './moderation-item.js';
import type { QueueItem } from './moderation-types.js';
import './moderation.css';

const STATUSES = [
  ['open', 'Open'],
  ['resolved', 'Decided'],
  ['all', 'All'],
] as const;
const KINDS = [
  ['', 'Everything'],
  ['question', 'Questions'],
  ['answer', 'Answers'],
  ['reply', 'Replies'],
  ['message', 'Chat messages'],
  ['member', 'Members'],
] as const;

/** Links between the moderation pages (the console's own navigation lists them too). */
export function ModerationNav() {
  const loc = useLocation();
  const links: [string, string][] = [
    ['/admin/moderation', 'Review queue'],
    ['/admin/moderation/suspensions', 'Suspensions'],
    ['/admin/moderation/circles', 'Circle members'],
  ];
  return (
    <nav aria-label="Moderation" class="subnav">
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={loc.path === href ? 'page' : undefined}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function ModerationPage() {
  const me = useMe();
  const { query } = useLocation();
  const status = STATUSES.some(([s]) => s === query.get('status')) ? query.get('status')! : 'open';
  const kind = KINDS.some(([k]) => k === query.get('type')) ? query.get('type')! : '';
  // ?target=<id>: one post's or member's reports (linked from the thread's moderation tools).
  const target = /^[0-9a-f-]{36}$/i.test(query.get('target') ?? '') ? query.get('target')! : '';
  const [result, setResult] = useState('');
  const [more, setMore] = useState<QueueItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error, loading, reload } = useData(
    (signal) => api<ApiPage<QueueItem>>(`/admin/reports${qs({ status, targetType: kind, targetId: target, limit: 20 })}`, { signal }),
    [status, kind, target],
  );
  useEffect(() => {
    setMore([]);
    setCursor(data?.nextCursor ?? null);
  }, [data]);
  async function loadMore() {
    if (!cursor) return;
    const next = await api<ApiPage<QueueItem>>(`/admin/reports${qs({ status, targetType: kind, targetId: target, limit: 20, cursor })}`);
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  }
  const setFilter = (key: 'status' | 'type', value: string) => {
    const next = new URLSearchParams({ status, type: kind, target });
    next.set(key, value);
    for (const k of ['type', 'target']) if (!next.get(k)) next.delete(k);
    navigate(`/admin/moderation?${next.toString()}`, { replace: true });
  };
  const items = [...(data?.items ?? []), ...more];
  const afterAction = useFocusAfterRedraw(data);
  const done = (message: string) => {
    afterAction();
    setResult(message);
    reload();
  };
  return (
    <Page title="Review queue">
      <ModerationNav />
      <LiveResult message={result} />
      <form class="filters" onSubmit={(e) => e.preventDefault()} data-testid="queue-filters">
        <div class="field">
          <label for="queue-status">Reports</label>
          <select id="queue-status" value={status} onChange={(e) => setFilter('status', (e.currentTarget as HTMLSelectElement).value)} data-testid="queue-status">
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="queue-kind">Kind</label>
          <select id="queue-kind" value={kind} onChange={(e) => setFilter('type', (e.currentTarget as HTMLSelectElement).value)} data-testid="queue-kind">
            {KINDS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {target && (
        <p class="note" data-testid="queue-one-target">
          Showing the reports on one item only. <Link href={`/admin/moderation?status=${status}`}>Show the whole queue</Link>
        </p>
      )}
      {loading && !data && <Loading what="the review queue" />}
      <ErrorNote error={error} />
      {data && items.length === 0 && (
        <Empty>
          <p>{status === 'open' ? 'Nothing to review: no open report. Reports members file appear here, oldest first.' : 'No report here.'}</p>
        </Empty>
      )}
      <ul class="cards" data-testid="queue">
        {items.map((item) => (
          <QueueCard key={item.targetId} item={item} tz={me.profile.timezone} onDone={done} />
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" onClick={() => void loadMore()} data-testid="queue-more">
          Show more
        </button>
      )}
    </Page>
  );
}
