// Admin console, suspensions: who is suspended now (reason, end in the admin's time zone), lift one; find a member in
// the member list and suspend them with a reason and an optional end. Each action confirmed in a dialog.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import { formatTime } from '../../format.js';
import { useMe } from '../../session.js';
import type { AdminMember, Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../../ui.js';
import { ActionDialog, LiveResult, useFocusAfterRedraw } from './moderation-dialog.js';
import { ModerationNav } from './moderation.js';

export function SuspensionsPage() {
  const me = useMe();
  const tz = me.profile.timezone;
  const [result, setResult] = useState('');
  const [more, setMore] = useState<AdminMember[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error, loading, reload } = useData((signal) => api<ApiPage<AdminMember>>('/admin/members?status=suspended&limit=50', { signal }), []);
  useEffect(() => {
    setMore([]);
    setCursor(data?.nextCursor ?? null);
  }, [data]);
  async function loadMore() {
    if (!cursor) return;
    const next = await api<ApiPage<AdminMember>>(`/admin/members${qs({ status: 'suspended', limit: 50, cursor })}`);
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  }
  const afterAction = useFocusAfterRedraw(data);
  const done = (message: string) => {
    afterAction();
    setResult(message);
    reload();
  };
  const items = [...(data?.items ?? []), ...more];
  return (
    <Page title="Suspensions">
      <ModerationNav />
      <LiveResult message={result} />
      <h2>Suspended now</h2>
      {loading && !data && <Loading what="suspended members" />}
      <ErrorNote error={error} />
      {data && items.length === 0 && (
        <Empty>
          <p>Nobody is suspended. Suspend a member below, or from a report in the review queue.</p>
        </Empty>
      )}
      <ul class="cards" data-testid="suspended">
        {items.map((m) => (
          <li key={m.id} class="card" data-testid="suspended-member" data-member-id={m.id}>
            <div class="card-head">
              <h3>{m.displayName}</h3>
              <span class="tag error">suspended</span>
            </div>
            <p class="muted">
              {m.email} · {m.profile.practiceName}
            </p>
            <p>
              Reason: <span data-testid="suspended-reason">{m.suspendedReason ?? 'none given'}</span>
            </p>
            <p data-testid="suspended-until">{m.suspendedUntil ? `Until ${formatTime(m.suspendedUntil, tz)} (${tz})` : 'Until an admin lifts it'}</p>
            <Unsuspend member={m} onDone={done} />
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
      <SuspendSomeone tz={tz} onDone={done} />
    </Page>
  );
}

function Unsuspend({ member, onDone }: { member: AdminMember; onDone: (m: string) => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid="unsuspend">
        Lift the suspension of {member.displayName}
      </button>
      {asking && (
        <ActionDialog
          title={`Lift the suspension of ${member.displayName}?`}
          confirmLabel="Lift the suspension"
          reason="required"
          onConfirm={async ({ reason }) => {
            await api(`/admin/members/${member.id}/unsuspend`, { method: 'POST', body: { reason } });
            return `${member.displayName} is active again and can log in.`;
          }}
          onDone={(m) => {
            setAsking(false);
            if (m) onDone(m);
          }}
        >
          <p>They can log in again at once. Circles they still hold a seat in are theirs again.</p>
        </ActionDialog>
      )}
    </>
  );
}

/** Find an active member by name or practice name (hidden-from-directory members too), then suspend them. */
function SuspendSomeone({ tz, onDone }: { tz: string; onDone: (m: string) => void }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<AdminMember[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [target, setTarget] = useState<AdminMember | null>(null);
  async function search(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      setResults((await api<ApiPage<AdminMember>>(`/admin/members${qs({ status: 'active', q: q.trim(), limit: 20 })}`)).items);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section aria-labelledby="suspend-title">
      <h2 id="suspend-title">Suspend a member</h2>
      <form class="inline" role="search" onSubmit={search} data-testid="suspend-search">
        <label for="suspend-q">Name or practice</label>
        <input id="suspend-q" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="suspend-q" />
        <button type="submit" data-testid="suspend-search-submit">
          Find
        </button>
      </form>
      <ErrorNote error={error} />
      {results && results.length === 0 && <p class="muted">No active member by that name or practice name.</p>}
      {results && results.length > 0 && (
        <ul class="plain" data-testid="suspend-results">
          {results.map((m) => (
            <li key={m.id} data-member-id={m.id} data-testid="suspend-result">
              {m.displayName}, {m.profile.practiceName} ({m.email}){' '}
              <button type="button" class="secondary" onClick={() => setTarget(m)} data-testid="suspend">
                Suspend {m.displayName}…
              </button>
            </li>
          ))}
        </ul>
      )}
      {target && (
        <ActionDialog
          title={`Suspend ${target.displayName}?`}
          confirmLabel="Suspend"
          reason="required"
          reasonLabel="Reason (audited; staff only)"
          untilZone={tz}
          onConfirm={async ({ reason, until }) => {
            const m = await api<AdminMember>(`/admin/members/${target.id}/suspend`, { method: 'POST', body: { reason, ...(until ? { until } : {}) } });
            setResults((r) => r?.filter((x) => x.id !== target.id) ?? null);
            return `${m.displayName} is suspended${m.suspendedUntil ? ` until ${formatTime(m.suspendedUntil, tz)}` : ' until an admin lifts it'}; their sessions are ended.`;
          }}
          onDone={(m) => {
            setTarget(null);
            if (m) onDone(m);
          }}
        >
          <p>Their sessions end at once, their open chat connections close, and proposed matches are released.</p>
        </ActionDialog>
      )}
    </section>
  );
}
