// The bench's tight-member bound is a valid upper bound on placement: never below the exact packing of small networks with a binding rival group.
import t from 'tap';
import { highsCircles } from '../../bench/lib/matching-highs.js';
import { tightBound } from '../../bench/lib/matching-tight-bound.js';
import { xorshift as rng } from '../../bench/lib/xorshift.js';

/**
 * n members: the first `rivals` may not share a circle with each other; of the others, `tight` may
 * sit with only one to three rivals, the rest with every rival; two others share a circle with
 * probability `density`.
 */
function network(next: () => number, n: number, rivals: number, tight: number, density: number): Uint8Array {
  const fx = new Uint8Array(n * n);
  const set = (a: number, b: number): void => {
    fx[a * n + b] = fx[b * n + a] = 1;
  };
  for (let o = rivals; o < n; o++) {
    const few = o < rivals + tight ? 1 + Math.floor(next() * 3) : rivals;
    for (let k = 0; k < few; k++) set(o, few === rivals ? k : Math.floor(next() * rivals));
    for (let p = o + 1; p < n; p++) if (next() < density) set(o, p);
  }
  return fx;
}

t.test('tight-member bound: at least the exact packing, and tighter than counting where tight members bind', async (t) => {
  const next = rng(16);
  let tighter = 0;
  let cases = 0;
  for (let trial = 0; trial < 32; trial++) {
    const n = 16 + Math.floor(next() * 7);
    // Few rivals and many tight members too: circles around one rival then hold up to 7 others.
    const rivals = 1 + Math.floor(next() * 7);
    const fx = network(next, n, rivals, 3 + Math.floor(next() * (n - rivals - 2)), [0.6, 0.8, 0.95][trial % 3]!);
    const tb = tightBound(n, fx, 60);
    if (!tb) continue;
    const exact = highsCircles(n, fx, new Float64Array(n * n), 5, 8);
    t.ok(exact, `trial ${trial}: exact packing in reach`);
    t.ok(tb.optimal, `trial ${trial}: MIP solved`);
    t.ok(tb.bound >= exact!.placed, `trial ${trial}: bound ${tb.bound} ≥ exact ${exact!.placed} (n ${n}, ${tb.rivals} rivals, ${tb.tight} tight)`);
    // The counting bound with one binding rival group: a circle takes at most one rival.
    const others = n - tb.rivals;
    if (tb.bound < Math.min(n, Math.floor(1.25 * others))) tighter++;
    cases++;
  }
  t.ok(cases >= 16, `${cases} networks with tight members`);
  t.ok(tighter >= 1, `${tighter} of ${cases} bounds below the counting bound`);
});

t.test('tight-member bound: a circle around one rival may hold seven others', async (t) => {
  // Members 0–6 may sit together and with member 7 (a rival of 8) only; 8 may sit with no one. The
  // most placed is 8 (members 0–7 in one circle), and the bound must not count that circle as 5.
  const n = 9;
  const fx = new Uint8Array(n * n);
  for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) fx[a * n + b] = fx[b * n + a] = 1;
  const tb = tightBound(n, fx, 60);
  t.ok(tb?.optimal, 'MIP solved');
  t.equal(tb!.bound, 8, 'bound equals the optimum');
  t.equal(highsCircles(n, fx, new Float64Array(n * n), 5, 8)!.placed, 8, 'exact packing');
});
