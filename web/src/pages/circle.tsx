// A circle's home: who is in it, live chat, and its meetings (RSVP, the calendar link).
import { api } from '../api.js';
import { useMe } from '../session.js';
import type { Circle } from '../types.js';
import { ErrorNote, Loading, Page, useData } from '../ui.js';
import { ChatPanel } from './chat-panel.js';
import { circleTitle } from './home.js';
import { MeetingsPanel } from './meetings-panel.js';

export function CirclePage({ id }: { id: string }) {
  const me = useMe();
  const { data: circle, error, loading } = useData((signal) => api<Circle>(`/circles/${id}`, { signal }), [id]);
  if (loading && !circle) return <Loading what="the circle" />;
  if (error || !circle) {
    return (
      <Page title="Circle">
        <ErrorNote error={error} />
      </Page>
    );
  }
  const names = Object.fromEntries(circle.members.map((m) => [m.id, m.displayName]));
  return (
    <Page title={circleTitle(circle)}>
      <p class="muted" data-testid="circle-members">
        {circle.members
          .filter((m) => m.status === 'accepted' || m.status === 'proposed')
          .map((m) => `${m.displayName} (${m.practiceName})`)
          .join(' · ')}
      </p>
      {circle.myStatus !== 'accepted' && <p class="note">Accept the circle on the My circles page to join its chat.</p>}
      <div class="circle-grid">
        <ChatPanel roomId={circle.id} meId={me.id} names={names} timeZone={me.profile.timezone} />
        <MeetingsPanel circleId={circle.id} timeZone={me.profile.timezone} names={names} meId={me.id} />
      </div>
    </Page>
  );
}
