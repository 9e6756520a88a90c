// Ejection chains: a left-out member seated by a chain of three moves, where the one-step bump finds nothing; no chain, no change.
import t from 'tap';
import { addCircle, newState, placedCount, placeLeftovers, type CircleState } from '../../../../src/modules/matching/engine/circles.js';
import { placeByChains } from '../../../../src/modules/matching/engine/circles-chains.js';
import { buildGraph, emptyEdgeList, pushEdge } from '../../../../src/modules/matching/engine/graph.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import type { Problem } from '../../../../src/modules/matching/engine/problem.js';

// u = 0 is left out; circles A = {1, 2, 3} and B = {4, 5, 6} are full (maxSize 3), C = {7, 8} has room.
const [u, a1, b1, b2, b3, c1, c2] = [0, 1, 4, 5, 6, 7, 8];
const N = 9;

function stateWith(clashes: Array<[number, number]>): CircleState {
  const bad = new Set(clashes.flatMap(([x, y]) => [`${x}-${y}`, `${y}-${x}`]));
  const feasible = (x: number, y: number): boolean => x !== y && !bad.has(`${x}-${y}`);
  const edges = emptyEdgeList();
  for (let x = 0; x < N; x++) for (let y = x + 1; y < N; y++) if (feasible(x, y)) pushEdge(edges, x, y, 1, false);
  const pr: Problem = { n: N, graph: buildGraph(N, edges), score: () => 1, feasible, repeat: () => false };
  const st = newState(pr, 2, 3);
  addCircle(st, [1, 2, 3]);
  addCircle(st, [4, 5, 6]);
  addCircle(st, [7, 8]);
  return st;
}

function valid(t: { ok(v: boolean, m: string): void; equal(a: unknown, b: unknown, m: string): void; fail(m: string): void }, st: CircleState): void {
  for (const c of st.circles) {
    if (c.length === 0) continue;
    t.ok(c.length >= st.min && c.length <= st.max, `circle [${c}] within the sizes`);
    for (const x of c) for (const y of c) if (x < y && !st.pr.feasible(x, y)) t.fail(`${x} and ${y} may not share a circle`);
    for (const x of c) t.equal(st.circles[st.of[x]!], c, `${x} knows its circle`);
  }
}

// u clashes with a1 (in A), two of B and c1 (in C); a1 clashes with b1 and with both of C; so u's seat in A frees
// only if a1 takes b1's seat in B and b1 moves on to C. One step is not enough: a1 and c1 have nowhere to go.
const CHAIN: Array<[number, number]> = [[u, a1], [u, b2], [u, b3], [u, c1], [a1, b1], [a1, c1], [a1, c2]];

t.test('a chain of three moves seats the member left out where the one-step bump cannot', async (t) => {
  const bumped = stateWith(CHAIN);
  placeLeftovers(bumped, mulberry32(1));
  t.equal(bumped.of[u], -1, 'placeLeftovers (room, then one bump) leaves u out');

  const st = stateWith(CHAIN);
  t.equal(placeByChains(st, { left: 10_000 }), 1, 'one member placed');
  t.equal(placedCount(st), 9);
  t.same(st.circles.map((c) => c.slice().sort((x, y) => x - y)), [[0, 2, 3], [1, 5, 6], [4, 7, 8]], 'u in A, a1 in B, b1 in C');
  valid(t, st);
});

t.test('no chain, no change: b1 clashes with C too, so nobody can move on', async (t) => {
  const st = stateWith([...CHAIN, [b1, c2]]);
  const before = st.circles.map((c) => c.slice());
  t.equal(placeByChains(st, { left: 10_000 }), 0);
  t.same(st.circles, before, 'the circles as they were');
  t.equal(st.of[u], -1);
  valid(t, st);
});

t.test('the work cap stops the search: with no work left nothing moves', async (t) => {
  const st = stateWith(CHAIN);
  t.equal(placeByChains(st, { left: 0 }), 0);
  t.equal(st.of[u], -1);
});
