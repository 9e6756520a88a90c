// Report a Q&A post to the admins: a button that opens a dialog (reason from the API's list, optional note); the
// outcome is announced in a live region. Members report others' posts only (the API refuses one's own).
import { useRef, useState } from 'preact/hooks';
import type { z } from 'zod';
import type { reportBody } from '../../../src/modules/moderation/moderation.schemas.js';
import { api } from '../api.js';
import { fieldErrors, useModal } from '../ui.js';

type Reason = z.input<typeof reportBody>['reason'];
type Target = 'question' | 'answer' | 'reply';

const REASONS: Record<Reason, string> = {
  spam: 'Spam or advertising',
  harassment: 'Harassment or abuse',
  inappropriate: 'Inappropriate',
  off_topic: 'Off topic',
  privacy: 'Patient or private information',
  solicitation: 'Solicitation',
  other: 'Something else',
};

export function ReportButton({ targetType, targetId }: { targetType: Target; targetId: string }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  return (
    <>
      <button type="button" class="link" onClick={() => !status && setOpen(true)} aria-disabled={status ? true : undefined} data-testid="report-open">
        {status ? 'Reported' : `Report this ${targetType}`}
      </button>
      <span role="status" class="muted" data-testid="report-status">
        {status}
      </span>
      {open && (
        <ReportDialog
          targetType={targetType}
          targetId={targetId}
          onClose={(done) => {
            setOpen(false);
            if (done) setStatus('Thank you: the admins will review it.');
          }}
        />
      )}
    </>
  );
}

function ReportDialog({ targetType, targetId, onClose }: { targetType: Target; targetId: string; onClose: (done: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState<Reason | ''>('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  const id = `report-${targetId}`;
  useModal(ref);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!reason) return setError(new Error('Choose why you report it.'));
    try {
      await api('/reports', { method: 'POST', body: { targetType, targetId, reason, ...(note.trim() ? { note: note.trim() } : {}) } });
      onClose(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={`${id}-title`} onCancel={(e) => (e.preventDefault(), onClose(false))} data-testid="report-dialog">
      <form method="dialog" onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>Report this {targetType}</h2>
        <p>Only the admins see your report; the author is not told who reported.</p>
        <div class="field">
          <label for={`${id}-reason`}>Why</label>
          <select id={`${id}-reason`} value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value as Reason)} data-testid="report-reason">
            <option value="">Choose a reason</option>
            {Object.entries(REASONS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {fields.reason && <small class="error">{fields.reason}</small>}
        </div>
        <div class="field">
          <label for={`${id}-note`}>Anything the admins should know (optional)</label>
          <textarea id={`${id}-note`} rows={3} maxLength={1000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} data-testid="report-note" />
          {fields.note && <small class="error">{fields.note}</small>}
        </div>
        {general && (
          <p class="error" role="alert" data-testid="report-error">
            {general}
          </p>
        )}
        <div class="actions">
          <button type="submit" data-testid="report-submit">
            Send the report
          </button>
          <button type="button" class="secondary" onClick={() => onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
