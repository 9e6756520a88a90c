// Moves and swaps in a draft: the check of every destination (GET …/targets, so a broken rule shows before the move),
// the move itself, and the override with a reason when a rule is broken (the API's 409 names the rule; nothing changed).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, qs } from '../../api.js';
import { groupLabel, namesOf, roundPath, ruleBreak, ruleOfTarget, sendMove, type MoveInput, type MoveTargets, type Round, type RuleBreak } from './matching-api.js';

/** What checking one target gave: null when the move is allowed, the rule when it is not, undefined while unknown. */
export type TargetCheck = RuleBreak | null | undefined;

export interface PendingOverride {
  move: MoveInput;
  rule: RuleBreak;
  what: string;
}

export function describeMove(round: Round, move: MoveInput): string {
  const names = namesOf(round);
  const who = names.get(move.memberId) ?? 'the member';
  if (move.swapWith) return `swap ${who} with ${names.get(move.swapWith) ?? 'the other member'}`;
  return move.toGroup === null || move.toGroup === undefined ? `take ${who} out of their group` : `move ${who} to ${groupLabel(move.toGroup)}`;
}

export function useMoves(round: Round, setRound: (r: Round) => void, announce: (text: string, focusMemberId?: string) => void) {
  const [checked, setChecked] = useState<{ key: string; byGroup: Record<number, TargetCheck>; done: boolean } | null>(null);
  const [pending, setPending] = useState<PendingOverride | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A new version invalidates every check.
  useEffect(() => setChecked(null), [round.id, round.version]);

  /** Asks where `memberId` can go (once per member and version); until the answer, every target is unknown. */
  function checkTargets(memberId: string) {
    const key = `${round.version}:${memberId}`;
    if (checked?.key === key || round.status !== 'draft') return;
    setChecked({ key, byGroup: {}, done: false });
    api<MoveTargets>(`${roundPath(round.id)}/targets${qs({ memberId })}`).then(
      (answer) => {
        const byGroup: Record<number, TargetCheck> = {};
        for (const target of answer.targets) if (target.toGroup !== null) byGroup[target.toGroup] = ruleOfTarget(target);
        setChecked((c) => (c && c.key === key ? { key, byGroup, done: true } : c));
      },
      // Unknown then: the move is checked when it is sent.
      () => setChecked((c) => (c && c.key === key ? { ...c, done: true } : c)),
    );
  }
  const checksFor = (memberId: string): Record<number, TargetCheck> => (checked?.key === `${round.version}:${memberId}` ? checked.byGroup : {});
  const checking = (memberId: string) => checked?.key === `${round.version}:${memberId}` && !checked.done;

  async function apply(move: MoveInput, override?: { reason: string }) {
    setBusy(true);
    setError(null);
    const what = describeMove(round, move);
    try {
      const next = await sendMove(round, override ? { ...move, override: true, reason: override.reason } : move);
      setPending(null);
      setRound(next);
      const where = next.groups.find((g) => g.memberIds.includes(move.memberId));
      const score = where ? ` ${groupLabel(where.index)} now scores ${where.score.toFixed(2)}.` : '';
      announce(`Done: ${what}${override ? ' with an override (written to the audit log)' : ''}.${score} Objective ${Math.round(next.ratio * 100)}% of the bound.`, move.memberId);
    } catch (err) {
      const rule = ruleBreak(err);
      if (rule && !override) {
        // The API refused and changed nothing: name the rule and offer the override.
        setPending({ move, rule, what });
      } else if (override && err instanceof ApiError && err.statusCode === 400) {
        throw err; // the reason field shows it
      } else {
        setPending(null);
        setError(err);
        announce(`Not done: ${what}. ${(err as Error).message}`, move.memberId);
      }
    } finally {
      setBusy(false);
    }
  }

  /** A move chosen by drop or from the Move dialog: a rule already known to break opens the override at once. */
  function attempt(move: MoveInput) {
    const known = move.toGroup !== undefined && move.toGroup !== null ? checksFor(move.memberId)[move.toGroup] : undefined;
    if (known) setPending({ move, rule: known, what: describeMove(round, move) });
    else void apply(move);
  }

  return {
    checkTargets,
    checksFor,
    checking,
    attempt,
    pending,
    busy,
    error,
    override: (reason: string) => apply(pending!.move, { reason }),
    cancel: () => {
      const id = pending?.move.memberId;
      setPending(null);
      announce('Nothing changed.', id);
    },
  };
}

export type Moves = ReturnType<typeof useMoves>;
