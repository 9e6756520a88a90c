// Closing a circle: asks for confirmation (and a reason when the term has not ended); the room turns read-only.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorNote, Field, fieldErrors } from '../../ui.js';
import type { AdminCircle } from './circle-parts.js';

export function ClosePanel({ circle: c, onClosed }: { circle: AdminCircle; onClosed: (c: AdminCircle) => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const first = useRef<HTMLElement>(null);
  const early = new Date(c.term.end).getTime() > Date.now();
  const { fields, general } = fieldErrors(error, { REASON_REQUIRED: 'reason' });
  useEffect(() => {
    if (asking) first.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, [asking]);
  async function close(ev: Event) {
    ev.preventDefault();
    setError(null);
    try {
      onClosed(await api<AdminCircle>(`/admin/circles/${c.id}/close`, { method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {} }));
    } catch (err) {
      setError(err);
    }
  }
  return (
    <section class="card danger-zone" aria-labelledby="close-h">
      <h2 id="close-h">Close the circle</h2>
      <p class="muted">Closing archives it: the chat turns read-only (its history stays), no seats or edits after. It cannot be undone.</p>
      {!asking ? (
        <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid="circle-close">
          Close this circle…
        </button>
      ) : (
        <form ref={first as never} onSubmit={close} noValidate aria-label="Confirm closing" data-testid="circle-close-confirm-form">
          <Field
            label={early ? 'Why close it before its term ends (required, audited)' : 'Reason (optional, audited)'}
            name="reason"
            value={reason}
            onValue={setReason}
            error={fields.reason}
            maxLength={500}
            data-testid="circle-close-reason"
          />
          <ErrorNote error={general ? new Error(general) : null} />
          <div class="actions">
            <button type="submit" data-testid="circle-close-confirm">
              Yes, close it
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(false)}>
              Keep it open
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
