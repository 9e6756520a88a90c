// Repeats over consecutive rounds for the matching bench: no pair meets again within 3 rounds.
import { runMatching } from '../../src/modules/matching/engine/index.js';
import { syntheticMembers } from '../../src/modules/matching/engine/synthetic.js';
import { checkResult } from './matching-checker.js';

export interface RepeatRounds {
  rounds: number;
  repeats: number;
  forced: number;
  violations: number;
  unmatched: number;
}

/** Consecutive pair rounds fed their own history: no pair should meet again within 3 rounds. */
export function repeatRounds(n: number, rounds: number): RepeatRounds {
  const members = syntheticMembers(n, 11);
  const history: Array<Array<[string, string]>> = [];
  const out: RepeatRounds = { rounds, repeats: 0, forced: 0, violations: 0, unmatched: 0 };
  for (let r = 0; r < rounds; r++) {
    const result = runMatching(members, { mode: 'pairs', seed: r + 1, history: { rounds: history } });
    const check = checkResult(members, result, { minSize: 2, maxSize: 2, history, noRepeatRounds: 3 });
    out.repeats += check.repeats;
    out.forced += result.stats.repeatsForced;
    out.violations += check.violations.length;
    out.unmatched += result.unmatched.length;
    history.push(result.groups.map((g) => [g.memberIds[0]!, g.memberIds[1]!]));
  }
  return out;
}
