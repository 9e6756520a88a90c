// Circles where the competitor rule leaves few compatible peers (one metro, few service lines): placement against the LP bound, determinism.
import { Worker } from 'node:worker_threads';
import t from 'tap';
import type { PracticeType } from '../../../../src/domain/vocab.js';
import { rescore, runMatching, type MatchMember } from '../../../../src/modules/matching/engine/index.js';
import { mulberry32 } from '../../../../src/modules/matching/engine/prng.js';
import { at, member } from './fixtures/members.js';

const LINES: PracticeType[] = ['outpatient_orthopedic', 'sports', 'pelvic_health', 'hand_therapy', 'vestibular', 'aquatic'];
const GOALS = ['grow_referrals', 'hiring_retention', 'payer_contracting', 'leadership'] as const;

/** Everyone at one spot, selling one line: `counts[k]` members sell LINES[k]. */
function oneSpot(counts: number[]): MatchMember[] {
  const out: MatchMember[] = [];
  counts.forEach((c, k) => {
    for (let x = 0; x < c; x++) {
      const i = out.length;
      out.push(member(`s${i}`, { practiceType: LINES[k]!, clinicians: 1 + (i % 9), goals: [GOALS[i % 4]!] }));
    }
  });
  return out;
}

/** A metro `km` across, one or two lines each (wider than 28 km, some rivals are far enough apart). */
function metro(n: number, seed: number, km: number): MatchMember[] {
  const r = mulberry32(seed);
  // Line weights 4 : 2 : 1.5 : 1.5 : 1 : 1 (orthopedics the most common).
  const cut = [4, 6, 7.5, 9, 10, 11];
  const pick = (): PracticeType => {
    const x = r.next() * 11;
    return LINES[cut.findIndex((c) => x < c)]!;
  };
  return Array.from({ length: n }, (_, i) => {
    const lines = [...new Set([pick(), ...(r.next() < 0.4 ? [pick()] : [])])];
    return member(`m${i}`, {
      practiceType: lines[0]!,
      services: lines,
      clinicians: 1 + Math.floor(r.next() * 12),
      yearsInBusiness: Math.floor(r.next() * 30),
      goals: [GOALS[Math.floor(r.next() * 4)]!, GOALS[Math.floor(r.next() * 4)]!],
      region: { country: 'US', state: 'IL', city: null, postalCode: null, ...at((r.next() - 0.5) * km, (r.next() - 0.5) * km) },
    });
  });
}

t.test('one spot, six lines: every circle takes one member per line, the LP bound is exact and met', async (t) => {
  // A circle of 5 needs 5 different lines, so each holds a vestibular or an aquatic member: at most
  // 10 circles, at most 50 placed (10 of A, B, C, D and the 10 of E/F; 6-member circles use both).
  const ms = oneSpot([20, 10, 10, 10, 5, 5]);
  const r = runMatching(ms, { mode: 'circles', seed: 1 });
  t.equal(r.stats.placementBound, 50, 'the packing LP bound');
  t.equal(r.stats.matched, 50, 'placed at the bound');
  t.equal(r.groups.length, 10);
  t.same(rescore(r.groups, ms, { mode: 'circles' }).violations, []);
  t.ok(r.stats.lpBound !== undefined && r.stats.lpBound < r.stats.scoreBound, `LP bound ${r.stats.lpBound} tighter than ${r.stats.scoreBound}`);
  t.ok(r.objective <= r.upperBound + 1e-9, `objective ${r.objective} ≤ bound ${r.upperBound}`);
  for (const g of r.groups) t.ok(g.reasons.length > 0);
  t.equal(r.unmatched.length, 10);
  for (const u of r.unmatched) t.ok(u.reason.length > 0);
});

t.test('a metro 25 km across: placement within 2% of the LP bound, bound above the objective', async (t) => {
  const ms = metro(300, 5, 25);
  const r = runMatching(ms, { mode: 'circles', seed: 2 });
  t.same(rescore(r.groups, ms, { mode: 'circles' }).violations, []);
  t.ok(r.stats.matched >= 0.98 * r.stats.placementBound, `${r.stats.matched} placed of at most ${r.stats.placementBound}`);
  t.ok(r.objective <= r.upperBound + 1e-9);
  t.equal(r.stats.timeLimited, false, 'work budgets, no clock');
});

t.test('same seed, same circles and figures, also with the CPU busy', async (t) => {
  const ms = metro(220, 9, 50);
  const strip = (r: ReturnType<typeof runMatching>): unknown => ({ ...r, stats: { ...r.stats, ms: 0 } });
  const a = runMatching(ms, { mode: 'circles', seed: 7 });
  // A busy thread beside the run: with work budgets (not clocks) the result cannot depend on it.
  const busy = new Worker('const end = Date.now() + 60_000; while (Date.now() < end) {}', { eval: true });
  const b = runMatching(ms, { mode: 'circles', seed: 7, timeBudgetMs: 1 });
  await busy.terminate();
  t.same(strip(b), strip(a));
  t.ok(a.stats.matched > 0);
});
