// The bench's exact circles baselines agree: the LP-priced packing search (above 16 members) against the DP over subsets.
import t from 'tap';
import { exactCircles } from '../../bench/lib/matching-exact-circles.js';
import { highsCircles } from '../../bench/lib/matching-highs.js';
import { xorshift as rng } from '../../bench/lib/xorshift.js';

t.test('packing search: the same placed count and objective as the DP over subsets', async (t) => {
  const next = rng(24);
  let cases = 0;
  for (let trial = 0; trial < 16; trial++) {
    const n = 9 + Math.floor(next() * 5);
    const density = [0.5, 0.7, 0.85, 0.95][trial % 4]!;
    const feasible = new Uint8Array(n * n);
    const score = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        feasible[i * n + j] = feasible[j * n + i] = next() < density ? 1 : 0;
        // Few distinct scores: ties between packings are common, as in real sections.
        score[i * n + j] = score[j * n + i] = Math.floor(next() * 5) / 4;
      }
    }
    const [min, max] = trial % 3 === 0 ? [3, 4] : [5, 8];
    const dp = exactCircles(n, score, feasible, min, max);
    const bb = highsCircles(n, feasible, score, min, max);
    t.ok(bb, `trial ${trial}: in reach`);
    t.equal(bb!.placed, dp.placed, `trial ${trial}: placed`);
    t.ok(Math.abs(bb!.value - dp.objective) < 1e-6, `trial ${trial}: objective ${bb!.value} vs ${dp.objective}`);
    cases++;
  }
  t.equal(cases, 16);
});
