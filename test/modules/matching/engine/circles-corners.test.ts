// Regression: the bench's `corners` shape, 19 members in circles. The exact packing used to give up
// here (past its work limit), so the search placed 16 in circles of 5, 5 and 6; the optimum places 18.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { packCircles } from '../../../../src/modules/matching/engine/circles-exact.js';
import { isCompetitor, rescore, runMatching, scorePair, type MatchMember } from '../../../../src/modules/matching/engine/index.js';

const corners19 = JSON.parse(readFileSync(new URL('./cases/circles-corners-19.json', import.meta.url), 'utf8')) as MatchMember[];
/** The exact optimum (an independent LP-priced search and the DP over subsets agree). */
const OPTIMUM = 7.3516;

t.test('corners, 19 members: three circles of 6, only the member who avoids its whole state left out', async (t) => {
  const r = runMatching(corners19, { mode: 'circles', seed: 1 });
  t.equal(r.stats.matched, 18);
  t.ok(r.objective >= OPTIMUM - 1e-6, `objective ${r.objective}`);
  t.equal(r.stats.method, 'exact', 'the exact packing completes within its work limit');
  t.same(r.unmatched.map((u) => u.memberId), ['corners-1-000002']);
  t.same(r.groups.map((g) => g.memberIds.length), [6, 6, 6]);
  t.same(rescore(r.groups, corners19, { mode: 'circles' }).violations, []);
  t.same(runMatching(corners19, { mode: 'circles', seed: 1 }).groups, r.groups, 'the same result for the seed');
});

t.test('corners, 19 members: the packing alone proves the optimum within the engine\'s small-part limits', async (t) => {
  const ms = corners19;
  const meter = { used: 0 };
  const pack = packCircles(
    ms.length,
    (a, b) => !isCompetitor(ms[a]!, ms[b]!) && !ms[a]!.avoidMemberIds.includes(ms[b]!.id) && !ms[b]!.avoidMemberIds.includes(ms[a]!.id),
    (a, b) => scorePair(ms[a]!, ms[b]!).score,
    5,
    8,
    { maxCircles: 60_000, maxStates: 400_000, maxWork: 8_000_000, meter },
  );
  t.ok(pack, 'solved within the limits');
  t.equal(pack!.placed, 18);
  t.ok(Math.abs(pack!.value - 7.351623466872378) < 1e-9, `value ${pack!.value}`);
  t.ok(meter.used <= 8_000_000 + 60_000 + 100_000, `work ${meter.used}`);
});
