// A circle's meetings: upcoming occurrences in the member's zone, RSVP, a calendar file per meeting, the private feed link,
// and scheduling for the facilitator (the server decides who may; its refusal is shown).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { formatTime } from '../format.js';
import type { Occurrence } from '../types.js';
import { Empty, ErrorNote, Field, fieldErrors, Loading, useData } from '../ui.js';
import { AgendaPanel, CommitmentsPanel } from './agenda-panel.js';


export function MeetingsPanel({ circleId, timeZone, names, meId }: { circleId: string; timeZone: string; names: Record<string, string>; meId: string }) {
  const { data, error, loading, reload } = useData((signal) => api<{ items: Occurrence[] }>(`/circles/${circleId}/meetings`, { signal }), [circleId]);
  const [feed, setFeed] = useState<string | null>(null);
  const [feedError, setFeedError] = useState<unknown>(null);
  const [scheduling, setScheduling] = useState(false);

  async function showFeed() {
    try {
      setFeed((await api<{ url: string }>('/me/calendar')).url);
    } catch (err) {
      setFeedError(err);
    }
  }

  const next = data?.items.find((o) => o.status === 'scheduled' && o.endsAt > new Date().toISOString());
  const unavailable = error instanceof ApiError && error.statusCode === 404 && error.message.startsWith('Route');
  return (
    <section class="card" aria-labelledby="meetings-title" data-testid="meetings">
      <div class="card-head">
        <h2 id="meetings-title">Meetings</h2>
        <button type="button" class="secondary" onClick={() => setScheduling((s) => !s)} aria-expanded={scheduling} data-testid="schedule-toggle">
          Schedule
        </button>
      </div>
      {scheduling && <ScheduleForm circleId={circleId} timeZone={timeZone} onDone={() => (setScheduling(false), reload())} />}
      {loading && !data && <Loading what="meetings" />}
      {unavailable ? <p class="muted">Meetings are not available on this server yet.</p> : <ErrorNote error={error} />}
      {data && data.items.length === 0 && (
        <Empty>
          <p>No meeting scheduled in the next 90 days. The facilitator schedules them here; everyone can RSVP.</p>
        </Empty>
      )}
      <ul class="meetings" data-testid="meeting-list">
        {data?.items.map((o) => <MeetingItem key={o.occurrenceId} occurrence={o} timeZone={timeZone} onChange={reload} />)}
      </ul>
      {next && <AgendaPanel occurrenceId={next.occurrenceId} names={names} />}
      {!unavailable && <CommitmentsPanel circleId={circleId} meId={meId} />}
      <p>
        {feed ? (
          <span data-testid="calendar-url">
            Your private calendar feed (add it to your calendar app; keep it to yourself): <code>{feed}</code>
          </span>
        ) : (
          <button type="button" class="link" onClick={showFeed} data-testid="calendar-link">
            Get my calendar feed link
          </button>
        )}
      </p>
      <ErrorNote error={feedError} />
    </section>
  );
}

function MeetingItem({ occurrence: o, timeZone, onChange }: { occurrence: Occurrence; timeZone: string; onChange: () => void }) {
  const [error, setError] = useState<unknown>(null);
  async function rsvp(response: 'yes' | 'no' | 'maybe') {
    setError(null);
    try {
      await api(`/meetings/${encodeURIComponent(o.occurrenceId)}/rsvp`, { method: 'PUT', body: { response } });
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li data-testid="meeting" class={o.status === 'cancelled' ? 'cancelled' : ''}>
      <strong>{o.title ?? 'Circle meeting'}</strong>
      {o.status === 'cancelled' && <span class="error"> (cancelled)</span>}
      <br />
      <time dateTime={o.startsAt}>{formatTime(o.startsAt, timeZone)}</time> · {o.durationMinutes} min{o.recurring ? ' · recurring' : ''}
      {o.location && <> · {o.location}</>}
      {o.videoUrl && (
        <>
          {' '}
          · <a href={o.videoUrl}>video link</a>
        </>
      )}
      {o.status === 'scheduled' && (
        <div class="actions" role="group" aria-label="Will you come?">
          {(['yes', 'maybe', 'no'] as const).map((r) => (
            <button key={r} type="button" class={o.myRsvp === r ? '' : 'secondary'} aria-pressed={o.myRsvp === r} onClick={() => rsvp(r)} data-testid={`rsvp-${r}`}>
              {r === 'yes' ? 'Going' : r === 'maybe' ? 'Maybe' : 'Not going'}
            </button>
          ))}
          <a href={`/api/v1/meetings/${encodeURIComponent(o.occurrenceId)}/event.ics`} download>
            Add to calendar
          </a>
        </div>
      )}
      <ErrorNote error={error} />
    </li>
  );
}

function ScheduleForm({ circleId, timeZone, onDone }: { circleId: string; timeZone: string; onDone: () => void }) {
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState('');
  const [duration, setDuration] = useState('60');
  const [location, setLocation] = useState('');
  const [monthly, setMonthly] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      // <input type="datetime-local"> gives wall-clock time; it is the member's zone, which the server is told.
      const startsAt = when ? zonedToIso(when, timeZone) : '';
      await api(`/circles/${circleId}/meetings`, {
        method: 'POST',
        body: {
          ...(title ? { title } : {}),
          startsAt,
          durationMinutes: Number(duration),
          timezone: timeZone,
          ...(location ? { location } : {}),
          ...(monthly ? { recurrence: { freq: 'monthly', count: 12 } } : {}),
        },
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="schedule-form">
      <Field label="Title" name="title" value={title} onValue={setTitle} error={fields.title} />
      <Field label={`Starts (${timeZone})`} name="startsAt" type="datetime-local" value={when} onValue={setWhen} error={fields.startsAt} data-testid="meeting-start" />
      <Field label="Minutes" name="durationMinutes" type="number" min="1" value={duration} onValue={setDuration} error={fields.durationMinutes} />
      <Field label="Where" name="location" value={location} onValue={setLocation} error={fields.location} />
      <label class="check">
        <input type="checkbox" checked={monthly} onChange={(e) => setMonthly((e.currentTarget as HTMLInputElement).checked)} />
        Every month (12 meetings)
      </label>
      {general && (
        <p class="error" role="alert" data-testid="schedule-error">
          {general}
        </p>
      )}
      <button type="submit" data-testid="schedule-submit">
        Schedule
      </button>
    </form>
  );
}

/** "2026-12-03T09:00" in `timeZone` → an ISO instant with that zone's offset at that moment. */
export function zonedToIso(local: string, timeZone: string): string {
  const asUtc = new Date(`${local}:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(asUtc);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  const offsetMs = shown - asUtc.getTime();
  return new Date(asUtc.getTime() - offsetMs).toISOString();
}
