// Admin console, circles: every circle with its health, size and term, filtered by status, health and mode (kept in the
// URL); each opens its page (rename, facilitator, term, backfill, close).
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useMe } from '../../session.js';
import type { Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../../ui.js';
import { circleName, HEALTH_WORDS, HealthTags, type AdminCircle } from './circle-parts.js';
import './console.css';

const STATUSES = [
  ['open', 'Open'],
  ['closed', 'Closed'],
  ['', 'All'],
] as const;
const MODES = ['', 'circles', 'pairs', 'alliances'] as const;

export function CirclesPage() {
  const me = useMe();
  const { query } = useLocation();
  const status = query.get('status') ?? 'open';
  const health = status === 'open' ? (query.get('health') ?? '') : '';
  const mode = query.get('mode') ?? '';
  const [more, setMore] = useState<AdminCircle[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const path = (c?: string) => `/admin/circles${qs({ status, health, mode, limit: 20, cursor: c })}`;
  const { data, error, loading } = useData((signal) => api<ApiPage<AdminCircle>>(path(), { signal }), [status, health, mode]);
  useEffect(() => {
    setMore([]);
    setCursor(data?.nextCursor ?? null);
  }, [data]);
  const set = (key: string, value: string) => navigate(`/admin/circles${qs({ status, health, mode, [key]: value })}`, { replace: true });
  const items = [...(data?.items ?? []), ...more];
  return (
    <Page title="Circles">
      <form class="filters row" aria-label="Filter circles" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" value={status} onChange={(e) => set('status', (e.currentTarget as HTMLSelectElement).value)} data-testid="circles-status">
            {STATUSES.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-health">Health (open circles)</label>
          <select id="f-health" value={health} disabled={status !== 'open'} onChange={(e) => set('health', (e.currentTarget as HTMLSelectElement).value)} data-testid="circles-health">
            <option value="">Any</option>
            {Object.entries(HEALTH_WORDS).map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-mode">Kind</label>
          <select id="f-mode" value={mode} onChange={(e) => set('mode', (e.currentTarget as HTMLSelectElement).value)} data-testid="circles-mode">
            {MODES.map((m) => (
              <option key={m} value={m}>
                {m ? words(m) : 'Any'}
              </option>
            ))}
          </select>
        </div>
      </form>
      {loading && !data && <Loading what="circles" />}
      <ErrorNote error={error} />
      {data && items.length === 0 && (
        <Empty>
          <p>No circle matches. Circles appear here once a matching round is published.</p>
        </Empty>
      )}
      <ul class="cards" data-testid="circles">
        {items.map((c) => (
          <li key={c.id} class="card" data-testid="circle-row" data-circle-id={c.id}>
            <div class="card-head">
              <h2>
                <Link href={`/admin/circles/${c.id}`} data-testid="circle-open">
                  {circleName(c)}
                </Link>
              </h2>
              <HealthTags circle={c} />
            </div>
            <p class="muted">
              {words(c.kind)} · {c.size.seated} seated of {c.size.min}–{c.size.max} · {c.counts.declined} declined · term until {formatTime(c.term.end, me.profile.timezone, 'date')} · last activity{' '}
              {formatTime(c.lastActivityAt, me.profile.timezone, 'date')}
            </p>
          </li>
        ))}
      </ul>
      {cursor && (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            data-testid="circles-more"
            onClick={async () => {
              const next = await api<ApiPage<AdminCircle>>(path(cursor));
              setMore((m) => [...m, ...next.items]);
              setCursor(next.nextCursor);
            }}
          >
            More circles
          </button>
        </div>
      )}
    </Page>
  );
}
