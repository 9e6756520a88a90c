// Pair swaps: two left-out members take one member's seat where no chain can place either; none fit, no change.
import t from 'tap';
import { addCircle, newState, placedCount, placeLeftovers, type CircleState } from '../../../../src/modules/matching/engine/circles.js';
import { placeByChains, placeByPairSwaps } from '../../../../src/modules/matching/engine/circles-chains.js';
import { buildGraph, emptyEdgeList, pushEdge } from '../../../../src/modules/matching/engine/graph.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import type { Problem } from '../../../../src/modules/matching/engine/problem.js';

// Rivals 0, 1, 2 (no two may share a circle); one circle {0, 3, 4, 5, 6} (sizes 5–6); left out: rivals
// 1 and 2, and 7; each test adds its own clashes.
const N = 8;
const RIVALS = [0, 1, 2];

function stateWith(clashes: Array<[number, number]>): CircleState {
  const bad = new Set<string>();
  for (const [x, y] of [...clashes, ...RIVALS.flatMap((a) => RIVALS.filter((b) => b !== a).map((b): [number, number] => [a, b]))]) bad.add(`${x}-${y}`).add(`${y}-${x}`);
  const feasible = (x: number, y: number): boolean => x !== y && !bad.has(`${x}-${y}`);
  const edges = emptyEdgeList();
  for (let x = 0; x < N; x++) for (let y = x + 1; y < N; y++) if (feasible(x, y)) pushEdge(edges, x, y, 1, false);
  const pr: Problem = { n: N, graph: buildGraph(N, edges), score: () => 1, feasible, repeat: () => false };
  const st = newState(pr, 5, 6);
  addCircle(st, [0, 3, 4, 5, 6]);
  return st;
}

function valid(t: { ok(v: boolean, m: string): void; fail(m: string): void }, st: CircleState): void {
  for (const c of st.circles) {
    if (c.length === 0) continue;
    t.ok(c.length >= st.min && c.length <= st.max, `circle [${c}] within the sizes`);
    for (const x of c) for (const y of c) if (x < y && !st.pr.feasible(x, y)) t.fail(`${x} and ${y} may not share a circle`);
  }
}

// 7 competes with rival 0 only; rival 2 with 3 (so it cannot take 0's place); rival 1 fits the rest.
const SWAP: Array<[number, number]> = [[7, 0], [2, 3]];

t.test('two left-out members take the seat of the one member both clash with', async (t) => {
  const chained = stateWith(SWAP);
  placeLeftovers(chained, mulberry32(1));
  t.equal(placeByChains(chained, { left: 10_000 }), 0, 'no chain: rival 0 has no other circle to go to');
  t.equal(placedCount(chained), 5);

  const st = stateWith(SWAP);
  t.equal(placeByPairSwaps(st, { left: 10_000 }), 1, 'placement grows by one');
  t.same(st.circles.filter((c) => c.length > 0).map((c) => c.slice().sort((x, y) => x - y)), [[1, 3, 4, 5, 6, 7]], 'rival 1 and 7 in, rival 0 out');
  t.equal(st.of[0], -1);
  t.equal(placedCount(st), 6);
  valid(t, st);
});

t.test('no two left-out members fit together: no change', async (t) => {
  // 7 clashes with rival 1 too, and rival 2 with a member: no pair of left-out members fits the circle less one.
  const st = stateWith([...SWAP, [7, 1]]);
  const before = st.circles.map((c) => c.slice());
  t.equal(placeByPairSwaps(st, { left: 10_000 }), 0);
  t.same(st.circles, before, 'the circles as they were');
  valid(t, st);
});

t.test('a full circle is left alone, and no work left means no move', async (t) => {
  const full = stateWith(SWAP);
  full.max = 5;
  t.equal(placeByPairSwaps(full, { left: 10_000 }), 0, 'the circle has no room for one more');
  const st = stateWith(SWAP);
  t.equal(placeByPairSwaps(st, { left: 0 }), 0);
  t.equal(placedCount(st), 5);
});
