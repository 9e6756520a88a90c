// Admin console, removal from a circle: the open circles, and one circle's members with a "remove" that asks for an
// optional reason in a dialog (the member's seat becomes `removed`, their chat subscription ends).
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import { words } from '../../format.js';
import { Link } from '../../router.js';
import type { Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../../ui.js';
import { ActionDialog, LiveResult, useFocusAfterRedraw } from './moderation-dialog.js';
import type { AdminCircle } from './moderation-types.js';
import { ModerationNav } from './moderation.js';

const circleName = (c: AdminCircle) => c.name ?? `${words(c.mode)} ${c.kind === 'pair' ? 'pair' : 'circle'} (${c.members.filter((m) => m.status === 'accepted').map((m) => m.displayName).join(', ') || 'no one seated'})`;

export function CircleListPage() {
  const [more, setMore] = useState<AdminCircle[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const { data, error, loading } = useData((signal) => api<ApiPage<AdminCircle>>('/admin/circles?status=open&limit=20', { signal }), []);
  useEffect(() => setCursor(data?.nextCursor ?? null), [data]);
  async function loadMore() {
    if (!cursor) return;
    const next = await api<ApiPage<AdminCircle>>(`/admin/circles${qs({ status: 'open', limit: 20, cursor })}`);
    setMore((m) => [...m, ...next.items]);
    setCursor(next.nextCursor);
  }
  const items = [...(data?.items ?? []), ...more];
  return (
    <Page title="Circle members">
      <ModerationNav />
      <p>Choose a circle to see its members and remove one.</p>
      {loading && !data && <Loading what="circles" />}
      <ErrorNote error={error} />
      {data && items.length === 0 && (
        <Empty>
          <p>No open circle. Circles appear here once a matching round is published.</p>
        </Empty>
      )}
      <ul class="plain" data-testid="circle-choices">
        {items.map((c) => (
          <li key={c.id}>
            <Link href={`/admin/moderation/circles/${c.id}`} data-testid="circle-choice" data-circle-id={c.id}>
              {circleName(c)}
            </Link>{' '}
            <span class="muted">· {c.size.seated} seated</span>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="secondary" onClick={() => void loadMore()}>
          Show more
        </button>
      )}
    </Page>
  );
}

export function CircleMembersPage({ id }: { id: string }) {
  const [result, setResult] = useState('');
  const [removing, setRemoving] = useState<AdminCircle['members'][number] | null>(null);
  const { data: c, error, loading, reload } = useData((signal) => api<AdminCircle>(`/admin/circles/${id}`, { signal }), [id]);
  const afterAction = useFocusAfterRedraw(c);
  if (loading && !c) return <Loading what="the circle" />;
  if (!c) {
    return (
      <Page title="Circle members">
        <ModerationNav />
        <ErrorNote error={error} />
        <Link href="/admin/moderation/circles">All circles</Link>
      </Page>
    );
  }
  return (
    <Page title={`Members of ${circleName(c)}`}>
      <ModerationNav />
      <LiveResult message={result} />
      <p class="muted">
        {words(c.mode)} · {c.status} · {c.size.seated} of {c.size.max} seats taken · <Link href="/admin/moderation/circles">all circles</Link>
      </p>
      {/* Explicit roles: the narrow-screen layout restyles the rows as blocks, which drops table semantics in some browsers. */}
      <table class="table" role="table" data-testid="circle-members">
        <caption class="sr-only">Members and their seats</caption>
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">Member</th>
            <th scope="col" role="columnheader">Seat</th>
            <th scope="col" role="columnheader">Account</th>
            <th scope="col" role="columnheader">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {c.members.map((m) => (
            <tr key={m.id} role="row" data-testid="circle-member" data-member-id={m.id}>
              <th scope="row" role="rowheader">{m.displayName}</th>
              <td role="cell" data-testid="seat-status">{m.status}</td>
              <td role="cell">{m.memberStatus}</td>
              <td role="cell">
                {(m.status === 'accepted' || m.status === 'proposed') && (
                  <button type="button" class="secondary" onClick={() => setRemoving(m)} data-testid="remove-member">
                    Remove {m.displayName}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {removing && (
        <ActionDialog
          title={`Remove ${removing.displayName} from this circle?`}
          confirmLabel="Remove from the circle"
          reason="optional"
          onConfirm={async ({ reason }) => {
            await api(`/admin/circles/${c.id}/members/${removing.id}`, { method: 'DELETE', body: reason ? { reason } : {} });
            return `${removing.displayName} is no longer in the circle; their chat subscription has ended.`;
          }}
          onDone={(m) => {
            setRemoving(null);
            if (m) {
              afterAction();
              setResult(m);
              reload();
            }
          }}
        >
          <p>Their seat becomes “removed”: the circle's chat and private questions are no longer theirs. Their account stays active.</p>
        </ActionDialog>
      )}
    </Page>
  );
}
