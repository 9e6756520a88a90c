// Start a matching round: mode, group sizes (circles), weights on sliders, and every opted-in member or a chosen list.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { navigate } from '../../router.js';
import { ErrorNote, Field, fieldErrors } from '../../ui.js';
import { MODES, WEIGHTS, fixed, type CreateRound, type Mode, type Round, type WeightKey } from './matching-api.js';
import { MemberPicker, type Picked } from './matching-picker.js';

const DEFAULT_WEIGHTS = Object.fromEntries(WEIGHTS.map((w) => [w.key, w.value])) as Record<WeightKey, number>;

export function StartRound() {
  const [mode, setMode] = useState<Mode>('circles');
  const [minSize, setMinSize] = useState('5');
  const [maxSize, setMaxSize] = useState('8');
  const [weights, setWeights] = useState(DEFAULT_WEIGHTS);
  const [who, setWho] = useState<'all' | 'chosen'>('all');
  const [picked, setPicked] = useState<Picked[]>([]);
  const [includePlaced, setIncludePlaced] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error, { INVALID_GROUP_SIZE: 'minSize', INVALID_WEIGHTS: 'weights' });

  async function start(ev: Event) {
    ev.preventDefault();
    setError(null);
    if (who === 'chosen' && picked.length === 0) {
      setError(new Error('Choose at least one member, or match every opted-in member.'));
      return;
    }
    const body: CreateRound = {
      mode,
      weights,
      ...(mode === 'circles' ? { minSize: Number(minSize), maxSize: Number(maxSize) } : {}),
      ...(who === 'chosen' ? { memberIds: picked.map((p) => p.id) } : {}),
      ...(includePlaced ? { includePlaced: true } : {}),
    };
    setBusy(true);
    try {
      const round = await api<Round>('/admin/matching/rounds', { method: 'POST', body });
      navigate(`/admin/matching/${round.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={start} noValidate aria-labelledby="start-title" data-testid="start-round">
      <h2 id="start-title">Start a round</h2>
      <fieldset>
        <legend>Mode</legend>
        {MODES.map((m) => (
          <label class="check" key={m.value}>
            <input type="radio" name="mode" value={m.value} checked={mode === m.value} onChange={() => setMode(m.value)} data-testid={`mode-${m.value}`} />
            {m.label} <span class="muted">({m.hint})</span>
          </label>
        ))}
      </fieldset>
      {mode === 'circles' && (
        <fieldset>
          <legend>Circle sizes</legend>
          <div class="row">
            <Field label="Smallest circle" name="minSize" type="number" min={3} max={16} value={minSize} onValue={setMinSize} error={fields.minSize} data-testid="min-size" />
            <Field label="Largest circle" name="maxSize" type="number" min={3} max={16} value={maxSize} onValue={setMaxSize} error={fields.maxSize} data-testid="max-size" />
          </div>
        </fieldset>
      )}
      <fieldset>
        <legend>What counts in a match (weights, 0 to 1)</legend>
        {WEIGHTS.map((w) => (
          <div class="slider" key={w.key}>
            <label for={`w-${w.key}`}>{w.label}</label>
            <input
              id={`w-${w.key}`}
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={weights[w.key]}
              aria-describedby={`w-${w.key}-hint`}
              aria-valuetext={`${fixed(weights[w.key])}`}
              onInput={(e) => setWeights({ ...weights, [w.key]: Number(e.currentTarget.value) })}
              data-testid={`weight-${w.key}`}
            />
            <output for={`w-${w.key}`} data-testid={`weight-${w.key}-value`}>
              {fixed(weights[w.key])}
            </output>
            <small id={`w-${w.key}-hint`} class="muted">
              {w.hint}
            </small>
          </div>
        ))}
        {fields.weights && (
          <p class="error" role="alert">
            {fields.weights}
          </p>
        )}
        <button type="button" class="link" onClick={() => setWeights(DEFAULT_WEIGHTS)}>
          Reset to the defaults
        </button>
      </fieldset>
      <fieldset>
        <legend>Who is matched</legend>
        <label class="check">
          <input type="radio" name="who" checked={who === 'all'} onChange={() => setWho('all')} data-testid="who-all" />
          Every active member who opted in to this mode
        </label>
        <label class="check">
          <input type="radio" name="who" checked={who === 'chosen'} onChange={() => setWho('chosen')} data-testid="who-chosen" />
          Members I choose
        </label>
        {who === 'chosen' && <MemberPicker picked={picked} onPicked={setPicked} />}
        <label class="check">
          <input type="checkbox" checked={includePlaced} onChange={(e) => setIncludePlaced(e.currentTarget.checked)} />
          Also match members already seated in an open group of this kind (to see a reshuffle)
        </label>
      </fieldset>
      <ErrorNote error={general ? new Error(general) : null} />
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="start-submit">
          {busy ? 'Matching…' : 'Draft the round'}
        </button>
      </div>
    </form>
  );
}
