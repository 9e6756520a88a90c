// Rival groups and circles anchored on the largest: on the external dense metro (1,000 members) and on a network with no rivals.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { peerCandidates } from '../../../../src/modules/matching/engine/candidates.js';
import { ANCHOR_ROUNDS, anchoredCircles, rivalGroups } from '../../../../src/modules/matching/engine/circles-anchor.js';
import { construct, newState, placedCount, placeLeftovers, type CircleState } from '../../../../src/modules/matching/engine/circles.js';
import { resolveOptions } from '../../../../src/modules/matching/engine/config.js';
import type { MatchMember } from '../../../../src/modules/matching/engine/index.js';
import { prepare } from '../../../../src/modules/matching/engine/prepared.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import { peerProblem } from '../../../../src/modules/matching/engine/run.js';
import { unlimited } from '../../../../src/modules/matching/engine/work.js';
import { spread } from './fixtures/members.js';

const metro1000 = JSON.parse(readFileSync(new URL('./cases/pairs-metro-1000.json', import.meta.url), 'utf8')) as MatchMember[];

function stateFor(members: readonly MatchMember[]): CircleState {
  const p = prepare(members, resolveOptions({ mode: 'circles', seed: 1 }, members.length));
  return newState(peerProblem(p, peerCandidates(p, mulberry32(1), unlimited()).graph), 5, 8);
}

t.test('rival groups split every member once, and no two members of a group may share a circle', async (t) => {
  const st = stateFor(metro1000);
  const all = Array.from({ length: st.pr.n }, (_, i) => i);
  const groups = rivalGroups(st, all);
  t.same(groups.flat().sort((a, b) => a - b), all, 'a partition');
  // The greedy split alone finds 486; the local search's swaps and kicks grow the largest group to 488.
  t.equal(groups[0]!.length, 488, 'the core practices selling orthopedics, largest first, grown by the local search');
  let clashes = 0;
  for (const g of groups) for (let a = 0; a < g.length; a++) for (let b = a + 1; b < g.length; b++) if (st.pr.feasible(g[a]!, g[b]!)) clashes++;
  t.equal(clashes, 0);
});

t.test('the largest rival group is grown past the greedy split by the local search', async (t) => {
  // Nine members and the 15 pairs that may share a circle. The greedy split (fewest compatible
  // first) makes no group larger than 3; four groups of 4 exist, e.g. {1, 2, 3, 6} (all 512 sets checked).
  const pairs = '0-1 0-2 0-4 0-6 0-7 0-8 1-7 1-8 2-4 3-5 3-7 3-8 4-7 4-8 5-6'.split(' ').map((p) => p.split('-').map(Number));
  const ok = new Set(pairs.map(([a, b]) => `${a}-${b}`));
  const feasible = (a: number, b: number): boolean => ok.has(`${Math.min(a, b)}-${Math.max(a, b)}`);
  const st = newState({ n: 9, feasible } as unknown as CircleState['pr'], 5, 8);
  const all = Array.from({ length: 9 }, (_, i) => i);
  let largest = 0;
  for (let mask = 0; mask < 512; mask++) {
    const set = all.filter((i) => (mask >> i) & 1);
    if (set.every((a) => set.every((b) => a === b || !feasible(a, b)))) largest = Math.max(largest, set.length);
  }
  t.equal(largest, 4);
  const groups = rivalGroups(st, all);
  t.equal(groups[0]!.length, 4, 'the largest group found');
  t.same(groups.flat().sort((a, b) => a - b), all, 'still a partition');
  for (const g of groups) for (const a of g) for (const b of g) if (a !== b && feasible(a, b)) t.fail(`${a} and ${b} may share a circle`);
});

t.test('anchored circles: rule-abiding, minSize to maxSize, one anchor each, far more placed than one circle at a time', async (t) => {
  const st = anchoredCircles(stateFor(metro1000), 200, ANCHOR_ROUNDS)!;
  t.ok(st, 'the core practices bind: anchored');
  const anchors = new Set(rivalGroups(st, Array.from({ length: st.pr.n }, (_, i) => i))[0]);
  const circles = st.circles.filter((c) => c.length > 0);
  let placed = 0;
  for (const c of circles) {
    placed += c.length;
    t.ok(c.length >= 5 && c.length <= 8, `size ${c.length}`);
    t.equal(c.filter((x) => anchors.has(x)).length, 1, 'one anchor');
    for (let a = 0; a < c.length; a++) for (let b = a + 1; b < c.length; b++) if (!st.pr.feasible(c[a]!, c[b]!)) t.fail(`${c[a]} and ${c[b]} break a rule`);
    for (const x of c) t.equal(st.of[x], st.circles.indexOf(c));
  }
  // Before leftovers are placed, against the greedy start after them (bound 640).
  const greedy = stateFor(metro1000);
  construct(greedy, mulberry32(1));
  placeLeftovers(greedy, mulberry32(1));
  t.ok(placed >= 625, `${placed} placed by the anchored start alone`);
  t.ok(placed >= placedCount(greedy) + 20, `${placed} placed, against ${placedCount(greedy)} by growing circles one at a time`);
  t.equal(st.of.filter((c) => c >= 0).length, placed, 'the state agrees with its circles');
});

t.test('anchored circles: later rounds, members left out moved up, keep the best round', async (t) => {
  const placed = (rounds: number): number => {
    const st = anchoredCircles(stateFor(metro1000), 200, rounds)!;
    return st.of.filter((c) => c >= 0).length;
  };
  const one = placed(1);
  const many = placed(ANCHOR_ROUNDS);
  t.ok(many >= one, `${many} placed after ${ANCHOR_ROUNDS} rounds, ${one} after one`);
  // On this network the members one round leaves out, moved up, make a later round place more (638 against 637).
  t.ok(many > one, 'a later round beats the first');
  t.equal(placed(ANCHOR_ROUNDS), many, 'the same for the same input');
});

t.test('anchored circles: nothing to anchor on where nobody is anyone\'s rival', async (t) => {
  const st = stateFor(spread(40));
  t.equal(anchoredCircles(st, 8, ANCHOR_ROUNDS), null);
  t.equal(st.circles.length, 0, 'the state is left empty');
});
