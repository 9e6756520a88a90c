// Moves and swaps in a draft: dry-run checks of every target group (so a broken rule shows before the move), the move
// itself, and the override with a reason when a rule is broken (the API's 409 names the rule; nothing changed).
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../api.js';
import { groupLabel, namesOf, ruleBreak, sendMove, type MoveInput, type Round, type RuleBreak } from './matching-api.js';

/** What checking one target gave: null when the move is allowed, the rule when it is not, undefined while unknown. */
export type TargetCheck = RuleBreak | null | undefined;

/** Dry runs for more groups than this would be a burst of requests; past it, a move is checked when it is chosen. */
const MAX_CHECKED_GROUPS = 40;

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
  const [checked, setChecked] = useState<{ key: string; byGroup: Record<number, TargetCheck> } | null>(null);
  const [pending, setPending] = useState<PendingOverride | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // A new version invalidates every check.
  useEffect(() => setChecked(null), [round.id, round.version]);

  /** Dry-runs a move of `memberId` into every other group (once per member and version); results arrive one by one. */
  function checkTargets(memberId: string) {
    const key = `${round.version}:${memberId}`;
    if (checked?.key === key || round.status !== 'draft' || round.groups.length > MAX_CHECKED_GROUPS) return;
    setChecked({ key, byGroup: {} });
    for (const g of round.groups) {
      if (g.memberIds.includes(memberId)) continue;
      sendMove(round, { memberId, toGroup: g.index }, true).then(
        () => record(key, g.index, null),
        (err) => record(key, g.index, ruleBreak(err) ?? undefined),
      );
    }
  }
  function record(key: string, group: number, result: TargetCheck) {
    setChecked((c) => (c && c.key === key ? { key, byGroup: { ...c.byGroup, [group]: result } } : c));
  }
  const checksFor = (memberId: string): Record<number, TargetCheck> => (checked?.key === `${round.version}:${memberId}` ? checked.byGroup : {});

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
