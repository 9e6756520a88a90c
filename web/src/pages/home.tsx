// My circles, pairs and alliances: members, the reasons we matched them, accept or decline, unread messages.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime, words } from '../format.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { Circle, Page as ApiPage } from '../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../ui.js';

const KIND_LABEL: Record<Circle['kind'], string> = { pair: 'Peer pair', circle: 'Mentoring circle', alliance: 'Local alliance' };

export function circleTitle(c: Pick<Circle, 'kind' | 'name'>): string {
  return c.name ?? KIND_LABEL[c.kind];
}

export const CIRCLES_PATH = '/me/circles?limit=50';

export function HomePage() {
  const me = useMe();
  const { data, error, loading, reload } = useData((signal) => api<ApiPage<Circle>>(CIRCLES_PATH, { signal }), []);
  return (
    <Page title="My circles">
      {me.status !== 'active' && <p class="note">Your account is {me.status}.</p>}
      {loading && !data && <Loading what="your circles" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>You are not in a circle, pair or alliance yet.</p>
          <p>
            The section admin matches members in rounds. Make sure your <Link href="/profile">profile</Link> says what you want and what you are good at;
            meanwhile, <Link href="/qa">ask the network a question</Link>.
          </p>
        </Empty>
      )}
      <ul class="cards" data-testid="circle-list">
        {data?.items.map((c) => <CircleCard key={c.id} circle={c} onChange={reload} timeZone={me.profile.timezone} />)}
      </ul>
    </Page>
  );
}

function CircleCard({ circle, onChange, timeZone }: { circle: Circle; onChange: () => void; timeZone: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function respond(action: 'accept' | 'decline') {
    setBusy(true);
    setError(null);
    try {
      await api(`/circles/${circle.id}/${action}`, { method: 'POST' });
      onChange();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const title = circleTitle(circle);
  return (
    <li class="card" data-testid="circle-card" data-circle-id={circle.id}>
      <div class="card-head">
        <h2>
          {circle.myStatus === 'accepted' ? (
            <Link href={`/circles/${circle.id}`} data-testid="open-circle">
              {title}
            </Link>
          ) : (
            title
          )}
        </h2>
        {circle.unread ? (
          <span class="badge" data-testid="unread" aria-label={`${circle.unread} unread messages`}>
            {circle.unread}
          </span>
        ) : null}
      </div>
      <p class="muted">
        {KIND_LABEL[circle.kind]} · proposed {formatTime(circle.createdAt, timeZone, 'date')} · you: {circle.myStatus ?? 'admin'}
      </p>
      <h3>Members</h3>
      <ul class="people">
        {circle.members.map((m) => (
          <li key={m.id}>
            <strong>{m.displayName}</strong>, {m.practiceName} ({words(m.practiceType)}, {[m.city, m.state].filter(Boolean).join(', ')}){' '}
            <span class="muted">{m.status}</span>
          </li>
        ))}
      </ul>
      {circle.reasons.length > 0 && (
        <>
          <h3>Why we matched you</h3>
          <ul data-testid="reasons">
            {circle.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </>
      )}
      <ErrorNote error={error} />
      {circle.myStatus === 'proposed' && (
        <div class="actions">
          <button type="button" disabled={busy} onClick={() => respond('accept')} data-testid="accept-circle">
            Accept
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => respond('decline')} data-testid="decline-circle">
            Decline
          </button>
        </div>
      )}
    </li>
  );
}
