// The moderation console's confirmations: a modal <dialog> that asks for the reason (and, to suspend, an end in the
// admin's time zone), shows the API's refusal inside itself, and gives focus back to what opened it. Plus the live region.
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isoToZoned, zonedToIso } from '../../zoned-time.js';
import { fieldErrors, useModal } from '../../ui.js';

export interface ActionInput {
  reason: string;
  until?: string;
}

export interface ActionDialogProps {
  title: string;
  children?: ComponentChildren;
  confirmLabel: string;
  /** 'required' (the API asks for one), 'optional', or 'none'. */
  reason: 'required' | 'optional' | 'none';
  reasonLabel?: string;
  /** Offer an optional end (suspensions), read in this time zone. */
  untilZone?: string;
  /** Does the action; resolves to the sentence the live region announces. */
  onConfirm: (input: ActionInput) => Promise<string>;
  onDone: (message: string | null) => void;
}

let dialogCount = 0;

/** Rendered only while open: mounting opens it as a modal, so focus stays inside until it closes. */
export function ActionDialog({ title, children, confirmLabel, reason, reasonLabel, untilZone, onConfirm, onDone }: ActionDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [id] = useState(() => `dlg-${++dialogCount}`);
  const [text, setText] = useState('');
  const [until, setUntil] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Back to the button that opened it, or to the page heading when the list redrew without it.
  useModal(ref, () => document.querySelector<HTMLElement>('main h1'));
  const { fields, general } = fieldErrors(error);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    const input: ActionInput = { reason: text.trim() };
    if (reason === 'required' && !input.reason) return setError(new Error('Give a reason: it goes into the audit log.'));
    if (untilZone && until) {
      const iso = zonedToIso(until, untilZone);
      if (!iso) return setError(new Error('The end must be a date and a time.'));
      input.until = iso;
    }
    setBusy(true);
    try {
      onDone(await onConfirm(input));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={`${id}-title`} onCancel={(e) => (e.preventDefault(), onDone(null))} data-testid="action-dialog">
      <form method="dialog" onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        {reason !== 'none' && (
          <div class="field">
            <label for={`${id}-reason`}>{reasonLabel ?? (reason === 'required' ? 'Reason (audited)' : 'Reason (optional, audited)')}</label>
            <textarea
              id={`${id}-reason`}
              rows={3}
              maxLength={1000}
              value={text}
              aria-invalid={fields.reason ? true : undefined}
              aria-describedby={fields.reason ? `${id}-reason-err` : undefined}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
              data-testid="dialog-reason"
            />
            {fields.reason && (
              <small id={`${id}-reason-err`} class="error" data-testid="error-reason">
                {fields.reason}
              </small>
            )}
          </div>
        )}
        {untilZone && (
          <div class="field">
            <label for={`${id}-until`}>Ends (optional; your time zone, {untilZone})</label>
            <input
              id={`${id}-until`}
              type="datetime-local"
              min={isoToZoned(Date.now(), untilZone)}
              value={until}
              aria-describedby={`${id}-until-hint${fields.until ? ` ${id}-until-err` : ''}`}
              aria-invalid={fields.until ? true : undefined}
              onInput={(e) => setUntil((e.currentTarget as HTMLInputElement).value)}
              data-testid="dialog-until"
            />
            <small id={`${id}-until-hint`} class="muted">
              Leave empty to suspend until an admin lifts it.
            </small>
            {fields.until && (
              <small id={`${id}-until-err`} class="error" data-testid="error-until">
                {fields.until}
              </small>
            )}
          </div>
        )}
        {general && (
          <p class="error" role="alert" data-testid="dialog-error">
            {general}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy} data-testid="dialog-confirm">
            {confirmLabel}
          </button>
          <button type="button" class="secondary" onClick={() => onDone(null)} data-testid="dialog-cancel">
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The page's polite live region: the outcome of the last action, read out by screen readers. */
export function LiveResult({ message }: { message: string }) {
  return (
    <p class="live-result" role="status" aria-live="polite" data-testid="mod-result">
      {message}
    </p>
  );
}

/**
 * After an action redraws a list (`dep` changes), focus the page heading if the focused control went away with it.
 * A layout effect: focus moves in the same commit that removed the control, so it is never left on the body
 * (where a screen reader loses its place) while the browser paints.
 */
export function useFocusAfterRedraw(dep: unknown): () => void {
  const pending = useRef(false);
  useLayoutEffect(() => {
    if (!pending.current) return;
    pending.current = false;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) document.querySelector<HTMLElement>('main h1')?.focus();
  }, [dep]);
  return () => {
    pending.current = true;
  };
}
