// The decisions on a queue card (the API's five: dismiss, hide, remove, warn, suspend) and hide/restore of content,
// each confirmed in a dialog that asks for the reason the audit log keeps.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ActionDialog, type ActionInput } from './moderation-dialog.js';
import type { ContentKind, ContentState, QueueItem } from './moderation-types.js';

type Decision = 'dismiss' | 'hide' | 'remove' | 'warn' | 'suspend';

const DECISIONS: { action: Decision; label: string; hint: string; contentOnly?: boolean }[] = [
  { action: 'dismiss', label: 'Dismiss the reports', hint: 'Nothing wrong: the reports close, and content that reports hid comes back.' },
  { action: 'hide', label: 'Hide the content', hint: 'Members stop seeing it; it can be restored later.', contentOnly: true },
  { action: 'remove', label: 'Remove the content for good', hint: 'Gone for members, and it cannot be restored.', contentOnly: true },
  { action: 'warn', label: 'Warn the author', hint: 'They get a warning notice; the content keeps its state.' },
  { action: 'suspend', label: 'Suspend the author', hint: 'Logged out everywhere, no login until the end you set or until lifted.' },
];

export function DecisionForm({ item, tz, onDone }: { item: QueueItem; tz: string; onDone: (message: string) => void }) {
  const [choice, setChoice] = useState<Decision | null>(null);
  const [asking, setAsking] = useState(false);
  const [missing, setMissing] = useState(false);
  const name = `decision-${item.targetId}`;
  const isMember = item.targetType === 'member';
  const chosen = DECISIONS.find((d) => d.action === choice);
  const open = item.reports.filter((r) => r.status === 'open').length;
  async function resolve(input: ActionInput): Promise<string> {
    const res = await api<{ resolvedReportIds: string[] }>(`/admin/reports/${item.id}/resolve`, {
      method: 'POST',
      body: { action: choice, reason: input.reason, ...(input.until ? { until: input.until } : {}) },
    });
    const n = res.resolvedReportIds.length;
    return `${chosen!.label}: done. ${n} ${n === 1 ? 'report' : 'reports'} closed.`;
  }
  return (
    <>
    <form
      class="decision"
      onSubmit={(e) => {
        e.preventDefault();
        setMissing(!choice);
        if (choice) setAsking(true);
      }}
      data-testid="decision-form"
    >
      <fieldset aria-describedby={missing ? `${name}-missing` : undefined}>
        <legend>Decision on {open === 1 ? 'this report' : `these ${open} reports`}</legend>
        {DECISIONS.map((d) => {
          const disabled = Boolean(d.contentOnly && (isMember || !item.target));
          const id = `${name}-${d.action}`;
          return (
            <div class="choice" key={d.action}>
              <input type="radio" id={id} name={name} value={d.action} checked={choice === d.action} disabled={disabled} onChange={() => setChoice(d.action)} data-testid={`decision-${d.action}`} />
              <label for={id}>
                {isMember ? d.label.replace('the author', 'the member') : d.label}
                <small class="muted"> {d.hint}</small>
              </label>
            </div>
          );
        })}
        {missing && (
          <p id={`${name}-missing`} class="error" role="alert">
            Choose a decision first.
          </p>
        )}
      </fieldset>
      <button type="submit" data-testid="decide">
        Decide…
      </button>
    </form>
      {asking && chosen && (
        <ActionDialog
          title={`${isMember ? chosen.label.replace('the author', 'the member') : chosen.label}?`}
          confirmLabel={chosen.label}
          reason="required"
          reasonLabel={chosen.action === 'warn' ? 'Reason (the member reads it in the warning; audited)' : 'Reason (audited)'}
          {...(chosen.action === 'suspend' ? { untilZone: tz } : {})}
          onConfirm={resolve}
          onDone={(message) => {
            setAsking(false);
            if (message) onDone(message);
          }}
        >
          <p>
            {chosen.hint} The decision closes {open === 1 ? 'the open report' : `all ${open} open reports`} on this {item.targetType}
            {item.author && chosen.action !== 'dismiss' && (chosen.action === 'warn' || chosen.action === 'suspend') ? ` (author: ${item.author.displayName})` : ''}.
          </p>
        </ActionDialog>
      )}
    </>
  );
}

/** Hide or restore one item; resolves to the sentence for the live region. */
export async function setContentHidden(targetType: ContentKind, targetId: string, hide: boolean, reason: string): Promise<string> {
  const state = await api<ContentState>(`/admin/content/${hide ? 'hide' : 'restore'}`, { method: 'POST', body: { targetType, targetId, reason } });
  return `The ${targetType} is ${state.state === 'visible' ? 'visible again' : state.state}.`;
}

/** A hide or restore button with its dialog (nothing for removed content, members or deleted content). */
export function HideRestoreButton({ targetType, targetId, hidden, onDone }: { targetType: ContentKind; targetId: string; hidden: boolean; onDone: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  return (
    <>
      <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid={hidden ? 'restore-content' : 'hide-content'}>
        {hidden ? `Restore this ${targetType}` : `Hide this ${targetType}`}
      </button>
      {asking && (
        <ActionDialog
          title={hidden ? `Restore this ${targetType}?` : `Hide this ${targetType}?`}
          confirmLabel={hidden ? 'Restore' : 'Hide'}
          reason="required"
          onConfirm={(input) => setContentHidden(targetType, targetId, !hidden, input.reason)}
          onDone={(message) => {
            setAsking(false);
            if (message) onDone(message);
          }}
        >
          <p>{hidden ? 'Members will see it again where they saw it before.' : 'Members stop seeing it everywhere; admins still see it, marked hidden.'}</p>
        </ActionDialog>
      )}
    </>
  );
}

export function ContentActions({ item, onDone }: { item: QueueItem; onDone: (message: string) => void }) {
  const t = item.target;
  if (item.targetType === 'member' || !t || t.state === 'removed') return null;
  return (
    <div class="actions">
      <HideRestoreButton targetType={item.targetType} targetId={item.targetId} hidden={t.state === 'hidden'} onDone={onDone} />
    </div>
  );
}
