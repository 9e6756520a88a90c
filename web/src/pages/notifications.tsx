// Notifications: the list (live: new ones appear as they happen), mark read, and per-kind email preferences.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { formatTime, words } from '../format.js';
import { onNotificationFrame, setUnread } from '../notifications.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { Notification, NotificationPage, NotificationPreferences } from '../types.js';
import { Empty, ErrorNote, Loading, Page, useData } from '../ui.js';
import { NoticesPanel } from './notices-panel.js';

function linkOf(n: Notification): string | null {
  const data = n.data ?? {};
  const questionId = n.questionId ?? (typeof data.questionId === 'string' ? data.questionId : null);
  if (questionId) return `/qa/${questionId}`;
  if (typeof data.circleId === 'string') return `/circles/${data.circleId}`;
  if (n.kind.startsWith('alliance')) return '/alliances';
  return null;
}

export function NotificationsPage() {
  const me = useMe();
  const { data, error, loading, reload } = useData((signal) => api<NotificationPage>('/me/notifications?limit=50', { signal }), []);
  useEffect(() => onNotificationFrame(reload), [reload]);
  useEffect(() => {
    if (data) setUnread(data.unreadCount);
  }, [data]);

  async function markAll() {
    const res = await api<{ unreadCount: number }>('/me/notifications/read', { method: 'POST', body: { all: true } });
    setUnread(res.unreadCount);
    reload();
  }

  return (
    <Page
      title="Notifications"
      actions={
        data && data.unreadCount > 0 ? (
          <button type="button" class="secondary" onClick={markAll} data-testid="mark-all-read">
            Mark all read
          </button>
        ) : undefined
      }
    >
      <NoticesPanel tz={me.profile.timezone} />
      {loading && !data && <Loading what="notifications" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>Nothing yet. Follow a question or join a circle: answers, meetings and matches show up here as they happen.</p>
        </Empty>
      )}
      <ul class="cards" data-testid="notification-list">
        {data?.items.map((n) => {
          const href = linkOf(n);
          const title = n.title || words(n.kind);
          return (
            <li key={n.id} class={`card${n.read ? '' : ' unread'}`} data-testid="notification">
              <strong>{href ? <Link href={href}>{title}</Link> : title}</strong>
              {!n.read && <span class="badge">new</span>}
              <p>{n.text}</p>
              <p class="muted">
                <time dateTime={n.createdAt}>{formatTime(n.createdAt, me.profile.timezone)}</time>
              </p>
            </li>
          );
        })}
      </ul>
      <Preferences />
    </Page>
  );
}

function Preferences() {
  const { data, error, setData } = useData((signal) => api<NotificationPreferences>('/me/notification-preferences', { signal }), []);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  if (error instanceof ApiError && error.statusCode === 404) return null; // not on this server yet
  async function save(body: { digest?: string; kinds?: Record<string, string> }) {
    setSaveError(null);
    setSaved(false);
    try {
      setData(await api<NotificationPreferences>('/me/notification-preferences', { method: 'PUT', body }));
      setSaved(true);
    } catch (err) {
      setSaveError(err);
    }
  }
  return (
    <section class="card" aria-labelledby="prefs-title" data-testid="notification-preferences">
      <h2 id="prefs-title">Email preferences</h2>
      <ErrorNote error={error ?? saveError} />
      {data && (
        <>
          <div class="field narrow">
            <label for="digest">Digest</label>
            <select id="digest" value={data.digest} onChange={(e) => save({ digest: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
            </select>
          </div>
          <table class="prefs">
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {data.kinds.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">
                    <label for={`pref-${k.kind}`}>{words(k.kind)}</label>
                  </th>
                  <td>
                    <select id={`pref-${k.kind}`} value={k.mode} disabled={k.locked} onChange={(e) => save({ kinds: { [k.kind]: (e.currentTarget as HTMLSelectElement).value } })} data-testid={`pref-${k.kind}`}>
                      <option value="immediate">At once</option>
                      <option value="digest">In the digest</option>
                      <option value="off">Never</option>
                    </select>
                    {k.locked && <small class="muted"> always sent</small>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {saved && (
        <p class="ok" role="status">
          Saved.
        </p>
      )}
    </section>
  );
}
