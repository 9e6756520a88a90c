// Shared pieces: labelled fields with their error, loading and empty states, a data hook, the form error logic.
import type { ComponentChildren, RefObject } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { ApiError } from './api.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" role="status" data-testid="loading">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty">
      {children}
    </div>
  );
}

export function ErrorNote({ error, testid = 'error' }: { error: unknown; testid?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <p class="error" role="alert" data-testid={testid}>
      {message}
    </p>
  );
}

/** Field errors from an API error: its field (from "body.x.y: …"), or `fallback` for codes that name one. */
export function fieldErrors(error: unknown, byCode: Record<string, string> = {}): { fields: Record<string, string>; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, general: error ? String((error as Error).message ?? error) : null };
  const field = error.field ?? byCode[error.code];
  if (field) return { fields: { [field]: error.message.replace(/^body\.[A-Za-z0-9_.]+:\s*/, '') }, general: null };
  return { fields: {}, general: error.message };
}

/** Extra input attributes passed through (autoComplete, min, maxLength, inputMode, data-testid, …). */
type InputProps = { [attribute: string]: unknown } & {
  label: string;
  name: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  hint?: string;
  type?: string;
};

export function Field({ label, name, value, onValue, error, hint, type = 'text', ...rest }: InputProps) {
  const id = `f-${name.replace(/\W/g, '-')}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        {...rest}
        id={id}
        name={name}
        type={type as 'text'}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
      />
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} class="error" role="alert" data-testid={`error-${name}`}>
          {error}
        </small>
      )}
    </div>
  );
}

/** Loads data on mount and when `deps` change; `reload` runs it again. */
export function useData<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, loading: false }),
      (error) => !ctrl.signal.aborted && setState({ error, loading: false }),
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload, setData: (data: T) => setState({ data, loading: false }) };
}

export function Page({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Practice Peers`;
  }, [title]);
  return (
    <section class="page">
      <header class="page-head">
        <h1 tabIndex={-1} id="page-title">
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </section>
  );
}

/**
 * Opens the <dialog> in `ref` as a modal while its component is mounted. On unmount it closes it and gives focus back to
 * what had it when the dialog opened (or to `fallback()` when that is gone from the page), unless focus is already
 * somewhere on the page. Layout effects on purpose: Preact runs a passive effect's cleanup only after the next paint,
 * when the dialog has already left the document and focus has dropped to the body.
 */
export function useModal(ref: RefObject<HTMLDialogElement | null>, fallback?: () => HTMLElement | null): void {
  useLayoutEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement;
    dialog?.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      const active = document.activeElement;
      if (active && active !== document.body && !dialog?.contains(active)) return;
      const back = opener instanceof HTMLElement && opener.isConnected ? opener : fallback?.();
      back?.focus();
    };
    // Opened once per mount: the fallback of the first render is the one kept.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
