// Admin console, one circle: who sits in it, its health; rename it, pick its facilitator, change its term; backfill
// open seats; close it (confirmed). Linked from the circles list and from the audit log.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { Link } from '../../router.js';
import { useMe } from '../../session.js';
import { ErrorNote, Field, fieldErrors, Loading, Page, useData } from '../../ui.js';
import { isoToZoned } from '../../zoned-time.js';
import { zonedMidnight } from './audit-links.js';
import { BackfillPanel } from './circle-backfill.js';
import { ClosePanel } from './circle-close.js';
import { circleName, HealthTags, type AdminCircle } from './circle-parts.js';
import './console.css';

export function CircleAdminPage({ id }: { id: string }) {
  const me = useMe();
  const tz = me.profile.timezone;
  const { data: c, error, loading, setData } = useData((signal) => api<AdminCircle>(`/admin/circles/${id}`, { signal }), [id]);
  if (!c) return <Page title="Circle">{loading ? <Loading what="the circle" /> : <ErrorNote error={error} />}</Page>;
  const open = c.status === 'open';
  return (
    <Page title={circleName(c)}>
      <p>
        <Link href="/admin/circles">All circles</Link> · <Link href={`/admin/audit?targetId=${c.id}`}>This circle’s audit history</Link> ·{' '}
        <Link href={`/admin/moderation/circles/${c.id}`} data-testid="circle-remove-members">
          Remove a member
        </Link>
      </p>
      <div class="card" data-testid="circle-summary">
        <div class="card-head">
          <h2>{words(c.kind)}</h2>
          <HealthTags circle={c} />
        </div>
        <p>
          {c.size.seated} seated (size {c.size.min}–{c.size.max}, {c.size.openSeats} open seats) · term {formatTime(c.term.start, tz, 'date')} – {formatTime(c.term.end, tz, 'date')}
          {c.closedAt && ` · closed ${formatTime(c.closedAt, tz)}${c.closedReason ? `: ${c.closedReason}` : ''}`}
        </p>
        <ul data-testid="circle-members">
          {c.members.map((m) => (
            <li key={m.id}>
              {m.displayName} · {words(m.status)}
              {m.memberStatus !== 'active' && ` (account ${m.memberStatus})`}
              {m.id === c.facilitatorId && <span class="tag">facilitator</span>}
            </li>
          ))}
        </ul>
      </div>
      {open && <EditForm key={c.id} circle={c} tz={tz} onSaved={setData} />}
      {open && <BackfillPanel circle={c} onProposed={setData} />}
      {open && <ClosePanel circle={c} onClosed={setData} />}
    </Page>
  );
}

const day = (iso: string, tz: string) => isoToZoned(iso, tz).slice(0, 10);

function EditForm({ circle: c, tz, onSaved }: { circle: AdminCircle; tz: string; onSaved: (c: AdminCircle) => void }) {
  const [name, setName] = useState(c.name ?? '');
  const [facilitatorId, setFacilitator] = useState(c.facilitatorId ?? '');
  const [start, setStart] = useState(day(c.term.start, tz));
  const [end, setEnd] = useState(day(c.term.end, tz));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const { fields, general } = fieldErrors(error, { INVALID_TERM: 'term', NOT_A_MEMBER: 'facilitatorId' });
  const seated = c.members.filter((m) => m.status === 'proposed' || m.status === 'accepted');
  async function save(ev: Event) {
    ev.preventDefault();
    setError(null);
    setSaved(false);
    const body: Record<string, unknown> = {};
    if (name.trim() !== (c.name ?? '')) body.name = name.trim();
    if (facilitatorId !== (c.facilitatorId ?? '')) body.facilitatorId = facilitatorId || null;
    if (start !== day(c.term.start, tz) || end !== day(c.term.end, tz)) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end)) return setError(new ApiError(400, 'INVALID_TERM', 'Give the first and the last day of the term'));
      body.term = { start: zonedMidnight(start, tz).toISOString(), end: zonedMidnight(end, tz).toISOString() };
    }
    if (!Object.keys(body).length) return setError(new Error('Nothing changed'));
    try {
      onSaved(await api<AdminCircle>(`/admin/circles/${c.id}`, { method: 'PATCH', body }));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="card" onSubmit={save} noValidate aria-labelledby="edit-h" data-testid="circle-edit">
      <h2 id="edit-h">Name, facilitator and term</h2>
      <Field label="Name" name="name" value={name} onValue={setName} error={fields.name} maxLength={120} data-testid="circle-name" />
      <div class="field">
        <label for="f-facilitator">Facilitator</label>
        <select id="f-facilitator" value={facilitatorId} onChange={(e) => setFacilitator((e.currentTarget as HTMLSelectElement).value)} aria-invalid={fields.facilitatorId ? true : undefined} data-testid="circle-facilitator">
          <option value="">No facilitator</option>
          {seated.map((m) => (
            <option key={m.id} value={m.id}>
              {m.displayName}
            </option>
          ))}
        </select>
        {fields.facilitatorId && <small class="error" role="alert">{fields.facilitatorId}</small>}
      </div>
      <div class="row">
        <Field label="Term starts" name="term.start" type="date" value={start} onValue={setStart} data-testid="circle-term-start" />
        <Field label="Term ends" name="term.end" type="date" value={end} onValue={setEnd} error={fields.term} data-testid="circle-term-end" />
      </div>
      <ErrorNote error={general ? new Error(general) : null} />
      {saved && (
        <p class="ok" role="status" data-testid="circle-saved">
          Saved.
        </p>
      )}
      <div class="actions">
        <button type="submit" data-testid="circle-save">
          Save changes
        </button>
      </div>
    </form>
  );
}
