// Warnings from the admins (GET /me/notices), shown at the top of the notifications page: what the warning says,
// what it concerns, when; mark one read. Nothing is shown when there is no notice.
import { useState } from 'preact/hooks';
import type { z } from 'zod';
import type { noticeSchema } from '../../../src/modules/moderation/moderation.schemas.js';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import type { Page as ApiPage } from '../types.js';
import { ErrorNote, useData } from '../ui.js';

type Notice = z.output<typeof noticeSchema>;

export function NoticesPanel({ tz }: { tz: string }) {
  const { data, error, reload } = useData((signal) => api<ApiPage<Notice>>('/me/notices?limit=20', { signal }), []);
  const [failed, setFailed] = useState<unknown>(null);
  if (!data?.items.length) return <ErrorNote error={error} />;
  async function markRead(id: string) {
    setFailed(null);
    try {
      await api(`/me/notices/${id}/read`, { method: 'POST' });
      reload();
    } catch (err) {
      setFailed(err);
    }
  }
  return (
    <section aria-labelledby="notices-title" data-testid="notices">
      <h2 id="notices-title">From the admins</h2>
      <ul class="cards">
        {data.items.map((n) => (
          <li key={n.id} class={`card${n.readAt ? '' : ' unread'}`} data-testid="notice" data-notice-id={n.id}>
            <strong>Warning{n.targetType ? ` about your ${n.targetType}` : ''}</strong>
            {!n.readAt && <span class="badge">new</span>}
            <p data-testid="notice-message">{n.message}</p>
            <p class="muted">
              <time dateTime={n.createdAt}>{formatTime(n.createdAt, tz)}</time>
            </p>
            {!n.readAt && (
              <button type="button" class="secondary" onClick={() => void markRead(n.id)} data-testid="notice-read">
                Mark read
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={failed} />
    </section>
  );
}
