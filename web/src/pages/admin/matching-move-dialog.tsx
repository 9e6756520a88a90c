// The keyboard way to move and swap: a dialog of target groups (each marked with the rule a move there would break,
// from GET …/targets) and "Swap with…"; and the override dialog that names the broken rule and asks for a reason.
import { useEffect, useState } from 'preact/hooks';
import { ErrorNote, Field, fieldErrors } from '../../ui.js';
import { groupLabel, namesOf, type Round } from './matching-api.js';
import { Modal } from './matching-dialog.js';
import type { Moves } from './matching-moves.js';

export function MoveDialog({ round, memberId, moves, onClose }: { round: Round; memberId: string; moves: Moves; onClose: () => void }) {
  const names = namesOf(round);
  const name = names.get(memberId) ?? 'this member';
  const from = round.groups.findIndex((g) => g.memberIds.includes(memberId));
  const [swapWith, setSwapWith] = useState('');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => moves.checkTargets(memberId), [memberId, round.version]);
  const checks = moves.checksFor(memberId);
  const choose = (move: Parameters<Moves['attempt']>[0]) => {
    onClose();
    moves.attempt(move);
  };
  const others = [...names.entries()].filter(([id]) => id !== memberId).sort((a, b) => a[1].localeCompare(b[1]));
  return (
    <Modal title={`Move ${name}`} onClose={onClose} testid="move-dialog" describedBy="move-dialog-where">
      <p id="move-dialog-where">{from >= 0 ? `Now in ${groupLabel(from)}.` : 'Now unmatched.'} Groups marked with a rule cannot take them without an override.</p>
      <ul class="targets" aria-label="Move to">
        {round.groups.map((g) => {
          if (g.index === from) return null;
          const check = checks[g.index];
          return (
            <li key={g.index}>
              <button type="button" class={check ? 'secondary breaks-rule' : 'secondary'} onClick={() => choose({ memberId, toGroup: g.index })} data-testid="move-target" data-group={g.index} aria-describedby={`target-${g.index}-state`}>
                Move to {groupLabel(g.index)}
              </button>{' '}
              <span id={`target-${g.index}-state`} class={check ? 'error' : 'muted'} data-testid="target-state">
                {g.memberIds.length} members, score {g.score.toFixed(2)}
                {check === undefined && moves.checking(memberId) ? ' · checking…' : ''}
                {check === null ? ' · allowed' : ''}
                {check ? ` · breaks a rule: ${check.title}` : ''}
              </span>
            </li>
          );
        })}
        {from >= 0 && (
          <li>
            <button type="button" class="secondary" onClick={() => choose({ memberId, toGroup: null })} data-testid="move-out">
              Take out of the groups (unmatched)
            </button>
          </li>
        )}
      </ul>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (swapWith) choose({ memberId, swapWith });
        }}
      >
        <label for="swap-with" class="sr-only">
          Swap {name} with
        </label>
        <select id="swap-with" value={swapWith} onChange={(e) => setSwapWith(e.currentTarget.value)} data-testid="swap-with">
          <option value="">Swap with…</option>
          {others.map(([id, n]) => (
            <option key={id} value={id}>
              {n}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary" disabled={!swapWith} data-testid="swap-submit">
          Swap
        </button>
      </form>
      <div class="actions">
        <button type="button" class="link" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

export function OverrideDialog({ moves }: { moves: Moves }) {
  const pending = moves.pending!;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error, { REASON_REQUIRED: 'reason' });
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (reason.trim().length < 3) {
      setError(new ReasonError());
      return;
    }
    try {
      await moves.override(reason.trim());
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Modal title="This move breaks a hard rule" onClose={moves.cancel} testid="override-dialog" describedBy="rule-explained">
      <div id="rule-explained">
        <p>
          You asked to {pending.what}. Nothing has changed yet: it breaks the rule <strong data-testid="rule-title">{pending.rule.title}</strong>.
        </p>
        <p>{pending.rule.explain}</p>
        <ul data-testid="rule-details">
          {pending.rule.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      </div>
      <form onSubmit={submit} noValidate>
        <Field
          label="Reason for the override (written to the audit log)"
          name="reason"
          value={reason}
          onValue={setReason}
          error={error instanceof ReasonError ? 'Give a reason of at least 3 characters.' : fields.reason}
          data-testid="override-reason"
        />
        <ErrorNote error={general ? new Error(general) : null} />
        <div class="actions">
          <button type="submit" disabled={moves.busy} data-testid="override-confirm">
            Override and {pending.move.swapWith ? 'swap' : 'move'}
          </button>
          <button type="button" class="secondary" onClick={moves.cancel} data-testid="override-cancel">
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}

class ReasonError extends Error {}
