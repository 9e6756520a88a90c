// Circles hosted by rivals: tight members paired on a rival they may both sit with, loose members filling; null where no rival group binds.
import t from 'tap';
import { newState, placedCount } from '../../../../src/modules/matching/engine/circles.js';
import { rivalsOf } from '../../../../src/modules/matching/engine/circles-anchor.js';
import { hostedCircles } from '../../../../src/modules/matching/engine/circles-hosts.js';
import { buildGraph, emptyEdgeList, pushEdge } from '../../../../src/modules/matching/engine/graph.js';
import type { Problem } from '../../../../src/modules/matching/engine/problem.js';

// Rivals 0–11 (no two may share a circle). Tight: 12 and 13 may sit only with rivals 0 and 2, 14 and
// 15 only with rivals 1 and 3. Loose: 16–23, who may sit with anyone.
const N = 24;
const RIVALS = Array.from({ length: 12 }, (_, i) => i);
const ONLY: Record<number, number[]> = { 12: [0, 2], 13: [0, 2], 14: [1, 3], 15: [1, 3] };

function problem(n: number, feasible: (x: number, y: number) => boolean): Problem {
  const edges = emptyEdgeList();
  for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) if (feasible(x, y)) pushEdge(edges, x, y, 1, false);
  return { n, graph: buildGraph(n, edges), score: () => 1, feasible, repeat: () => false };
}

const rival = (x: number): boolean => x < 12;
function feasible(x: number, y: number): boolean {
  if (x === y || (rival(x) && rival(y))) return false;
  if (ONLY[x] && rival(y)) return ONLY[x]!.includes(y);
  if (ONLY[y] && rival(x)) return ONLY[y]!.includes(x);
  return true;
}

t.test('tight members go two to a rival, so the loose ones fill one circle more', async (t) => {
  const st0 = newState(problem(N, feasible), 5, 8);
  const rivals = rivalsOf(st0);
  t.same(rivals.groups[0]!.slice().sort((a, b) => a - b), RIVALS, 'the rival group');
  const st = hostedCircles(st0, rivals)!;
  t.ok(st, 'the group binds: 12 rivals, 12 others');
  const circles = st.circles.filter((c) => c.length > 0).map((c) => c.slice().sort((a, b) => a - b));
  t.equal(placedCount(st), 15, 'three circles of five: the most 12 others can fill around rivals');
  t.ok(circles.some((c) => c.includes(0) && c.includes(12) && c.includes(13)), '12 and 13 together around rival 0');
  t.ok(circles.some((c) => c.includes(1) && c.includes(14) && c.includes(15)), '14 and 15 together around rival 1');
  for (const c of circles) {
    t.ok(c.length >= 5 && c.length <= 8, `[${c}] within the sizes`);
    t.equal(c.filter(rival).length, 1, `[${c}] has one rival`);
    for (const x of c) for (const y of c) if (x < y && !feasible(x, y)) t.fail(`${x} and ${y} may not share a circle`);
  }
});

t.test('no rival group binds: null', async (t) => {
  const st0 = newState(problem(20, (x, y) => x !== y), 5, 8);
  t.equal(hostedCircles(st0, rivalsOf(st0)), null);
});

// Rivals 0–11. Tight: 12 may sit with rivals 0 and 2, 13 with 0 and 1, 14 with 0 alone; 12 and 14 may
// not share a circle. Loose: 15–19. Pairing the most constrained first puts 12 with 13 (their one
// shared rival is 0), which leaves 14 no rival; 14 takes 12's place beside 13, and 12 is hosted alone by 2.
const DISPLACE: Record<number, number[]> = { 12: [0, 2], 13: [0, 1], 14: [0] };
function displaceFeasible(x: number, y: number): boolean {
  if (x === y || (rival(x) && rival(y))) return false;
  if ((x === 12 && y === 14) || (x === 14 && y === 12)) return false;
  if (DISPLACE[x] && rival(y)) return DISPLACE[x]!.includes(y);
  if (DISPLACE[y] && rival(x)) return DISPLACE[y]!.includes(x);
  return true;
}

t.test('a tight member left without a rival takes the place of one who can be hosted elsewhere', async (t) => {
  const st0 = newState(problem(20, displaceFeasible), 5, 8);
  const st = hostedCircles(st0, { groups: [RIVALS], degree: new Int32Array(20) })!;
  const circles = st.circles.filter((c) => c.length > 0).map((c) => c.slice().sort((a, b) => a - b));
  t.equal(placedCount(st), 10, 'two circles of five: every member but the free rivals');
  t.ok(circles.some((c) => c.includes(0) && c.includes(13) && c.includes(14)), '13 and 14 around rival 0');
  t.ok(circles.some((c) => c.includes(2) && c.includes(12)), '12 around rival 2');
  for (const c of circles) {
    t.equal(c.filter(rival).length, 1, `[${c}] has one rival`);
    for (const x of c) for (const y of c) if (x < y && !displaceFeasible(x, y)) t.fail(`${x} and ${y} may not share a circle`);
  }
});
