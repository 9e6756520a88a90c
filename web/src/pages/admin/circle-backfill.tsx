// Backfilling a circle's open seats: the engine's suggestions with their reasons; propose a seat to one (a broken hard
// rule is named, and can be overridden with a reason, audited).
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { Empty, ErrorNote, Field, fieldErrors } from '../../ui.js';
import type { AdminCircle, Backfill } from './circle-parts.js';

/** Hard rules an admin may override with a reason (docs/circles.md); the others never can be. */
const OVERRIDABLE = new Set(['COMPETITORS', 'AVOIDED', 'REPEAT', 'NOT_NEARBY', 'NOT_COMPLEMENTARY', 'GROUP_FULL', 'NOT_OPTED_IN']);

export function BackfillPanel({ circle: c, onProposed }: { circle: AdminCircle; onProposed: (c: AdminCircle) => void }) {
  const [suggested, setSuggested] = useState<Backfill | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  async function suggest() {
    setError(null);
    setBusy(true);
    try {
      setSuggested(await api<Backfill>(`/admin/circles/${c.id}/backfill`, { method: 'POST', body: { limit: 10 } }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section class="card" aria-labelledby="backfill-h" data-testid="backfill">
      <h2 id="backfill-h">Fill open seats</h2>
      <p class="muted">{c.size.openSeats ? `${c.size.openSeats} open seat${c.size.openSeats === 1 ? '' : 's'}.` : 'No open seat: a proposal beyond the maximum needs an override.'} Suggestions keep every hard rule with the members seated now.</p>
      <button type="button" class="secondary" onClick={suggest} disabled={busy} data-testid="backfill-suggest">
        {suggested ? 'Suggest again' : 'Suggest members'}
      </button>
      <ErrorNote error={error} />
      {suggested && suggested.candidates.length === 0 && (
        <Empty>
          <p>No one fits now: nobody opted in, free of a seat of this kind, keeps every rule. A re-match round may help.</p>
        </Empty>
      )}
      <ul class="cards backfill-list" data-testid="backfill-candidates">
        {suggested?.candidates.map((m) => (
          <Candidate key={m.memberId} circleId={c.id} candidate={m} onProposed={onProposed} />
        ))}
      </ul>
    </section>
  );
}

function Candidate({ circleId, candidate: m, onProposed }: { circleId: string; candidate: Backfill['candidates'][number]; onProposed: (c: AdminCircle) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const { fields, general } = fieldErrors(error, { REASON_REQUIRED: 'reason' });
  async function propose(body: object) {
    setError(null);
    try {
      onProposed(await api<AdminCircle>(`/admin/circles/${circleId}/members`, { method: 'POST', body: { memberId: m.memberId, ...body } }));
    } catch (err) {
      if (err instanceof ApiError && OVERRIDABLE.has(err.code)) setOverride(true);
      setError(err);
    }
  }
  return (
    <li class="card" data-testid="backfill-candidate" data-member-id={m.memberId}>
      <div class="card-head">
        <h3>{m.displayName}</h3>
        <span class="tag">score {m.score.toFixed(2)}</span>
      </div>
      <ul>
        {m.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <ErrorNote error={general ? new Error(general) : null} testid="propose-error" />
      {override ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void propose({ override: true, reason: reason.trim() });
          }}
          noValidate
        >
          <Field label="Why seat them anyway (audited)" name="reason" value={reason} onValue={setReason} error={fields.reason} maxLength={500} data-testid="propose-reason" />
          <div class="actions">
            <button type="submit" data-testid="propose-override">
              Propose anyway
            </button>
            <button type="button" class="secondary" onClick={() => setOverride(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" onClick={() => propose({})} data-testid="propose-seat">
            Propose a seat<span class="sr-only"> to {m.displayName}</span>
          </button>
        </div>
      )}
    </li>
  );
}
