// Publishing a draft: a confirmation dialog, and each refusal (a concurrent publish, a double booking, a stale draft) explained in words.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api.js';
import { Field } from '../../ui.js';
import { roundPath, type Round } from './matching-api.js';
import { Modal } from './matching-dialog.js';

const KIND: Record<Round['mode'], string> = { pairs: 'pair', circles: 'circle', alliances: 'alliance' };

/** Why a publish was refused, in words; `reload` when looking at the current draft is the way on. */
function explain(err: unknown, round: Round): { text: string; reload?: boolean; override?: boolean } {
  const kind = KIND[round.mode];
  if (!(err instanceof ApiError)) return { text: (err as Error).message };
  switch (err.code) {
    case 'DOUBLE_BOOKED':
      return {
        text: `Nothing was published: someone in this draft was given a seat in another open ${kind} after the draft was made (another round was published, perhaps by another admin at the same moment, or a backfill seat was proposed), and nobody may hold two. Take them out of their group here, or draft a new round, then publish.`,
      };
    case 'VERSION_CONFLICT':
      return { text: 'Nothing was published: another admin changed this draft while you had it open. Reload it to see their changes, then publish.', reload: true };
    case 'ALREADY_PUBLISHED':
      return { text: 'This round was already published (by another admin, or in another tab); nothing changed twice. Reload to see its circles.', reload: true };
    case 'STALE_DRAFT':
      return { text: 'Nothing was published: profiles or newly published rounds changed since the draft, and it now breaks a hard rule. Check the groups, or publish anyway with a reason (written to the audit log).', override: true };
    case 'INACTIVE_MEMBERS':
      return { text: 'Nothing was published: a member of this draft is no longer active (suspended or gone). Take them out of their group, then publish.' };
    case 'GROUP_TOO_SMALL':
      return { text: 'Nothing was published: a group is smaller than this round allows. Move someone in or take the group apart, then publish.' };
    case 'EMPTY_ROUND':
      return { text: 'There is no group to publish.' };
    default:
      return { text: err.message };
  }
}

export function PublishPanel({ round, onPublished, onReload }: { round: Round; onPublished: (r: Round) => void; onReload: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const why = error ? explain(error, round) : null;
  const seats = round.groups.reduce((n, g) => n + g.memberIds.length, 0);
  async function publish(override: boolean) {
    setBusy(true);
    setError(null);
    try {
      const body = override ? { version: round.version, override: true, reason: reason.trim() } : { version: round.version };
      const published = await api<Round>(`${roundPath(round.id)}/publish`, { method: 'POST', body });
      setOpen(false);
      onPublished(published);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const close = () => {
    setOpen(false);
    setError(null);
  };
  return (
    <div class="publish">
      <button type="button" onClick={() => setOpen(true)} disabled={round.groups.length === 0} data-testid="publish">
        Publish…
      </button>
      {open && (
        <Modal title="Publish this round?" onClose={close} testid="publish-dialog" describedBy="publish-what">
          <p id="publish-what">
            {round.groups.length === 1 ? `The group becomes a ${KIND[round.mode]} with its own chat room` : `${round.groups.length} groups become ${KIND[round.mode]}s with their own chat rooms`}; {seats} members
            are proposed a seat they can accept or decline;{' '}
            {round.unmatched.length} stay unmatched. A published round cannot be edited.
          </p>
          {why && (
            <div class="note" role="alert" data-testid="publish-error" data-code={error instanceof ApiError ? error.code : undefined}>
              <p>{why.text}</p>
              {error instanceof ApiError && <p class="muted">The server said: {error.message}</p>}
              {why.override && <Field label="Reason to publish anyway (written to the audit log)" name="publish-reason" value={reason} onValue={setReason} data-testid="publish-reason" />}
            </div>
          )}
          <div class="actions">
            {why?.reload ? (
              <button
                type="button"
                onClick={() => {
                  close();
                  onReload();
                }}
                data-testid="publish-reload"
              >
                Reload the round
              </button>
            ) : why?.override ? (
              <button type="button" disabled={busy || reason.trim().length < 3} onClick={() => publish(true)} data-testid="publish-override">
                Publish anyway
              </button>
            ) : (
              <button type="button" disabled={busy} onClick={() => publish(false)} data-testid="publish-confirm">
                {busy ? 'Publishing…' : 'Publish'}
              </button>
            )}
            <button type="button" class="secondary" onClick={close} data-testid="publish-cancel">
              Cancel
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
