// What a MIP seed gives on the sprawl networks: circles built from the tight-member MIP's solution (bench/lib/matching-tight-bound.ts), then the engine's own repair steps, against the engine alone.
import { cpus, loadavg } from 'node:os';
import { addCircle, newState, placeLeftovers, placedCount, type CircleState } from '../src/modules/matching/engine/circles.js';
import { neighbourhoodSearch } from '../src/modules/matching/engine/circles-lns.js';
import { improveCircles } from '../src/modules/matching/engine/circles-search.js';
import { circlesFromSpares } from '../src/modules/matching/engine/circles-spares.js';
import { buildGraph, emptyEdgeList, pushEdge } from '../src/modules/matching/engine/graph.js';
import { runMatching } from '../src/modules/matching/engine/index.js';
import { chainsAndSpares } from '../src/modules/matching/engine/solve.js';
import { mulberry32 } from '../src/modules/matching/engine/prng.js';
import type { Problem } from '../src/modules/matching/engine/problem.js';
import { shapeMembers } from './lib/matching-shapes.js';
import { matrix } from './lib/matching-table.js';
import { tightBound, type TightBound } from './lib/matching-tight-bound.js';

const N = 1_000;
const fmt = (x: number, d = 2): string => x.toFixed(d);

function problem(fx: Uint8Array, score: Float64Array): Problem {
  const edges = emptyEdgeList();
  // One entry per pair: the graph holds the symmetric union.
  for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) if (fx[a * N + b]) pushEdge(edges, a, b, score[a * N + b]!, false);
  return { n: N, graph: buildGraph(N, edges), score: (a, b) => score[a * N + b]!, feasible: (a, b) => fx[a * N + b] === 1, repeat: () => false };
}

/**
 * The MIP's circles (a member who breaks a rule with one already in is dropped), filled to 5 with
 * the members left, most constrained circle first; a circle nobody left fits is dissolved, its
 * members left to the repair.
 */
function seeded(pr: Problem, tb: TightBound): CircleState {
  const ok = (a: number, group: readonly number[]): boolean => group.every((b) => pr.feasible(a, b));
  const circles: number[][] = [];
  for (const [r, ts] of tb.hosts) circles.push(ts.reduce((c, t) => (ok(t, c) ? [...c, t] : c), [r]));
  const withoutRival: number[][] = [];
  for (const t of tb.withoutRival) {
    const home = withoutRival.find((c) => c.length < 5 && ok(t, c));
    if (home) home.push(t);
    else withoutRival.push([t]);
  }
  circles.push(...withoutRival);
  const used = new Set(circles.flat());
  let free = Array.from({ length: N }, (_, i) => i).filter((i) => !used.has(i));
  for (;;) {
    const open = circles.filter((c) => c.length < 5).map((c) => ({ c, cand: free.filter((f) => ok(f, c)) }));
    if (open.length === 0) break;
    const { c, cand } = open.reduce((a, b) => (b.cand.length < a.cand.length ? b : a));
    if (cand.length === 0) {
      circles.splice(circles.indexOf(c), 1);
      continue;
    }
    const options = (f: number): number => open.filter((o) => ok(f, o.c)).length;
    const pick = cand.reduce((a, b) => (options(b) < options(a) ? b : a));
    c.push(pick);
    free = free.filter((f) => f !== pick);
  }
  const st = newState(pr, 5, 8);
  for (const c of circles) addCircle(st, c);
  return st;
}

console.log(`matching seeded bench on ${process.platform}/${process.arch}, ${cpus().length} cpus, node ${process.version}, load average ${loadavg().map((x) => fmt(x, 1)).join(' ')}`);
console.log('| network | engine placed | MIP bound | seeded: built | after repair | repaired / bound | MIP s | violations |');
console.log('|---|---|---|---|---|---|---|---|');
for (const seed of [1, 2, 3]) {
  const members = shapeMembers('sprawl', N, seed);
  const { feasible: fx, score } = matrix(members);
  const engine = runMatching(members, { mode: 'circles', seed: 1 }).stats.matched;
  const tb = tightBound(N, fx, 600);
  if (!tb?.optimal) {
    console.log(`| ${seed} | ${engine} | not proven | | | | | |`);
    continue;
  }
  const pr = problem(fx, score);
  const st = seeded(pr, tb);
  const built = placedCount(st);
  const rng = mulberry32(1);
  placeLeftovers(st, rng);
  improveCircles(st, rng);
  for (let round = 0; round < 8 && circlesFromSpares(st, 2_000_000) > 0; round++) placeLeftovers(st, rng);
  neighbourhoodSearch(st, rng, 30_000_000, 4, true);
  for (let round = 0; round < 8 && circlesFromSpares(st, 2_000_000) > 0; round++) placeLeftovers(st, rng);
  chainsAndSpares(st, rng);
  let violations = 0;
  for (const c of st.circles) {
    if (c.length === 0) continue;
    if (c.length < 5 || c.length > 8) violations++;
    for (let a = 0; a < c.length; a++) for (let b = a + 1; b < c.length; b++) if (!fx[c[a]! * N + c[b]!]) violations++;
  }
  const placed = placedCount(st);
  console.log(`| ${seed} | ${engine} | ${tb.bound} | ${built} | ${placed} | ${fmt(placed / tb.bound, 4)} | ${fmt(tb.ms / 1000, 1)} | ${violations} |`);
}
