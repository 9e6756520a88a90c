// The next meeting's agenda (check-ins on commitments, then items; carried-over ones marked) and my commitments.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import type { Agenda, Commitment, CommitmentsPage } from '../types.js';
import { ErrorNote, Field, fieldErrors, useData } from '../ui.js';

const STATUS_LABEL: Record<Commitment['status'], string> = { open: 'open', done: 'done', partly: 'partly done', not_done: 'not done' };

export function AgendaPanel({ occurrenceId, names }: { occurrenceId: string; names: Record<string, string> }) {
  const { data, error, reload } = useData((signal) => api<Agenda>(`/meetings/${encodeURIComponent(occurrenceId)}/agenda`, { signal }), [occurrenceId]);
  const [title, setTitle] = useState('');
  const [addError, setAddError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(addError);
  async function propose(e: Event) {
    e.preventDefault();
    setAddError(null);
    try {
      await api(`/meetings/${encodeURIComponent(occurrenceId)}/agenda`, { method: 'POST', body: { title } });
      setTitle('');
      reload();
    } catch (err) {
      setAddError(err);
    }
  }
  return (
    <div class="agenda" data-testid="agenda">
      <h3>Agenda of the next meeting</h3>
      <ErrorNote error={error} />
      {data && data.checkIns.length > 0 && (
        <>
          <h4>Check-ins</h4>
          <ul data-testid="check-ins">
            {data.checkIns.map((c) => (
              <li key={c.id}>
                {names[c.memberId] ?? 'A member'}: {c.text} <span class="muted">({STATUS_LABEL[c.status]})</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {data && data.items.length === 0 && <p class="muted">Nothing proposed yet: add what you want to talk about.</p>}
      <ol data-testid="agenda-items">
        {data?.items.map((item) => (
          <li key={item.id} class={item.covered ? 'muted' : ''}>
            {item.title}
            {item.minutes ? ` · ${item.minutes} min` : ''}
            {item.carriedOver && <span class="tag">carried over</span>}
            {item.covered && ' ✓ covered'}
          </li>
        ))}
      </ol>
      <form class="inline" onSubmit={propose} noValidate>
        <label class="sr-only" for="agenda-title">
          Propose an agenda item
        </label>
        <input id="agenda-title" placeholder="Propose a topic" value={title} onInput={(e) => setTitle((e.currentTarget as HTMLInputElement).value)} data-testid="agenda-input" />
        <button type="submit" data-testid="agenda-add">
          Add
        </button>
      </form>
      {(fields.title || general) && (
        <p class="error" role="alert">
          {fields.title ?? general}
        </p>
      )}
    </div>
  );
}

export function CommitmentsPanel({ circleId, meId }: { circleId: string; meId: string }) {
  const { data, error, reload } = useData((signal) => api<CommitmentsPage>(`/circles/${circleId}/commitments?memberId=${meId}&limit=20`, { signal }), [circleId, meId]);
  const [text, setText] = useState('');
  const [formError, setFormError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(formError);
  async function commit(e: Event) {
    e.preventDefault();
    setFormError(null);
    try {
      await api(`/circles/${circleId}/commitments`, { method: 'POST', body: { text } });
      setText('');
      reload();
    } catch (err) {
      setFormError(err);
    }
  }
  async function checkIn(id: string, status: Commitment['status']) {
    try {
      await api(`/commitments/${id}`, { method: 'PATCH', body: { status } });
      reload();
    } catch (err) {
      setFormError(err);
    }
  }
  const rate = data?.followThrough?.rate;
  return (
    <div class="commitments" data-testid="commitments">
      <h3>My commitments</h3>
      {rate !== undefined && rate !== null && <p class="muted">Follow-through: {Math.round(rate * 100)}%</p>}
      <ErrorNote error={error} />
      <ul>
        {data?.items.map((c) => (
          <li key={c.id} data-testid="commitment">
            {c.text}{' '}
            <label class="sr-only" for={`c-${c.id}`}>
              Status of “{c.text}”
            </label>
            <select id={`c-${c.id}`} value={c.status} onChange={(e) => checkIn(c.id, (e.currentTarget as HTMLSelectElement).value as Commitment['status'])}>
              {Object.entries(STATUS_LABEL).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </li>
        ))}
      </ul>
      <form onSubmit={commit} noValidate>
        <Field label="By the next meeting I will…" name="text" value={text} onValue={setText} error={fields.text} data-testid="commitment-input" />
        {general && (
          <p class="error" role="alert">
            {general}
          </p>
        )}
        <button type="submit" class="secondary" data-testid="commitment-add">
          Commit
        </button>
      </form>
    </div>
  );
}
