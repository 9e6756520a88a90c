// Backfill benchmark (part of npm run bench:matching): suggestions for 100 open seats in a 10k network, against a naive per-candidate check. Not a test.
import { candidateViolations, rescore, runMatching, scorePair, suggestBackfill, syntheticMembers } from '../src/modules/matching/engine/index.js';
import type { MatchHistory, MatchMember, MatchOptions } from '../src/modules/matching/engine/index.js';
import { competitors } from './lib/matching-checker.js';

const log = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const fmt = (x: number, d = 2): string => x.toFixed(d);

const NETWORK = 10_000;
const SEATED = 2_000;
const CIRCLES = 50;
const SEATS_EACH = 2;
const LIMIT = 10;
const NAIVE_CIRCLES = 3;

log(`backfill: ${CIRCLES} circles with ${SEATS_EACH} open seats each (${CIRCLES * SEATS_EACH} seats) in a ${NETWORK}-member network`);
const members = syntheticMembers(NETWORK, 7);
const byId = new Map(members.map((m) => [m.id, m]));

// Real circles from the engine on the first 2000 members, then two members leave each of 50 of them.
const t0 = performance.now();
const made = runMatching(members.slice(0, SEATED), { mode: 'circles', seed: 7 });
log(`  setup: ${made.groups.length} circles for ${SEATED} members in ${fmt((performance.now() - t0) / 1000)} s`);
const chosen = made.groups.filter((g) => g.memberIds.length >= 5).slice(0, CIRCLES);
if (chosen.length < CIRCLES) throw new Error(`setup: only ${chosen.length} circles of 5 or more`);
const circles = chosen.map((g, i) => ({ id: `circle-${i}`, memberIds: g.memberIds.slice(SEATS_EACH) }));
const left = new Set(chosen.flatMap((g) => g.memberIds.slice(0, SEATS_EACH)));
const placed = new Set(made.groups.flatMap((g) => g.memberIds));
const pool = members.filter((m) => !placed.has(m.id)).map((m) => m.id);

// History: every circle member met three pool members in a recent round of this mode (hard: no repeat) and two in another mode (soft).
const recent: Array<[string, string]> = [];
const otherModes: Array<[string, string]> = [];
let k = 0;
for (const c of circles) for (const id of c.memberIds) {
  for (let r = 0; r < 3; r++) recent.push([id, pool[k++ % pool.length]!]);
  for (let r = 0; r < 2; r++) otherModes.push([id, pool[k++ % pool.length]!]);
}
const history: MatchHistory = { rounds: [recent], otherModes };
const options: MatchOptions = { mode: 'circles', minSize: 5, maxSize: 8, seed: 7, history };
log(`  pool: ${pool.length} free members (${left.size} who left are out of it); ${recent.length} recent same-mode pairs, ${otherModes.length} cross-mode pairs`);

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
// Warm-up (JIT), then the measured call.
suggestBackfill({ circles: circles.slice(0, 2), members, poolIds: pool, limit: LIMIT }, options);
const c1 = process.cpuUsage();
const t1 = performance.now();
const picks = suggestBackfill({ circles, members, poolIds: pool, limit: LIMIT }, options);
const fastMs = performance.now() - t1;
const fastCpu = cpuMs(process.cpuUsage(c1));

// Per circle, as the API calls it (one circle per request, the whole network prepared each time).
const t2 = performance.now();
for (const c of circles.slice(0, 5)) suggestBackfill({ circles: [c], members, poolIds: pool, limit: LIMIT }, options);
const perRequestMs = (performance.now() - t2) / 5;

// Baseline: the naive way, every pool member checked and scored with the engine's checker one by one.
const c3 = process.cpuUsage();
const t3 = performance.now();
const naive = new Map<string, Array<{ id: string; score: number }>>();
for (const c of circles.slice(0, NAIVE_CIRCLES)) {
  const seated = c.memberIds.map((id) => byId.get(id)!);
  const fits: Array<{ id: string; score: number }> = [];
  for (const id of pool) {
    const cand = byId.get(id)!;
    const check = rescore([{ memberIds: [...c.memberIds, id] }], [...seated, cand], { ...options, maxSize: 64 });
    if (check.violations.some((v) => v.code !== 'GROUP_SIZE' && v.memberIds.includes(id))) continue;
    fits.push({ id, score: seated.reduce((t, s) => t + scorePair(cand, s).score, 0) / seated.length });
  }
  naive.set(c.id, fits.sort((a, b) => b.score - a.score).slice(0, LIMIT));
}
const naiveMs = (performance.now() - t3) / NAIVE_CIRCLES;
const naiveCpu = cpuMs(process.cpuUsage(c3)) / NAIVE_CIRCLES;

// Every suggestion re-checked: independently (competitors, avoid lists, repeats from raw data) and by the engine's checker.
const recentKey = new Set(recent.map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)));
let suggestions = 0;
let broken = 0;
let engineBroken = 0;
const taken = new Set<string>();
let filled = 0;
let covered = 0;
for (const c of circles) {
  const list = picks.get(c.id) ?? [];
  suggestions += list.length;
  for (const s of list) {
    const cand = byId.get(s.memberId)!;
    const bad = c.memberIds.some((id) => {
      const m: MatchMember = byId.get(id)!;
      return competitors(cand, m, 40) || cand.avoidMemberIds.includes(id) || m.avoidMemberIds.includes(cand.id) || recentKey.has(id < cand.id ? `${id}|${cand.id}` : `${cand.id}|${id}`);
    });
    if (bad || placed.has(cand.id) || left.has(cand.id)) broken++;
    if (candidateViolations(c, s.memberId, [...c.memberIds.map((id) => byId.get(id)!), cand], options).length) engineBroken++;
  }
  covered += Math.min(SEATS_EACH, list.length);
  // Seats filled with distinct members, best first (each circle's list is independent: popular candidates repeat).
  let seats = SEATS_EACH;
  for (const s of list) {
    if (seats === 0) break;
    if (taken.has(s.memberId)) continue;
    taken.add(s.memberId);
    seats--;
    filled++;
  }
}
let agree = 0;
for (const [id, list] of naive) {
  const fast = new Set((picks.get(id) ?? []).map((s) => s.memberId));
  agree += list.filter((s) => fast.has(s.id)).length / Math.max(1, list.length);
}
const ratio = fastMs / CIRCLES / naiveMs;
log(`  suggestions for ${CIRCLES * SEATS_EACH} open seats (${CIRCLES} circles, ${LIMIT} candidates each): ${fmt(fastMs)} ms wall, ${fmt(fastCpu)} ms cpu in one call; ${fmt(perRequestMs)} ms per circle as the API asks`);
log(`  baseline (naive: the engine's checker and scorePair per pool member): ${fmt(naiveMs)} ms wall, ${fmt(naiveCpu)} ms cpu per circle`);
log(`  ratio per circle (one call / naive): wall ${fmt(ratio, 4)}, cpu ${fmt(fastCpu / CIRCLES / naiveCpu, 4)}; per API request / naive: ${fmt(perRequestMs / naiveMs, 4)}`);
log(`  open seats with a suggestion: ${covered}/${CIRCLES * SEATS_EACH}; filled with distinct members by taking each circle's best free one: ${filled}/${CIRCLES * SEATS_EACH}`);
log(`  hard rules: ${suggestions} suggestions, ${broken} broken by the independent check, ${engineBroken} by the engine's checker`);
log(`  same top ${LIMIT} as the naive ranking: ${fmt((100 * agree) / naive.size, 1)}% (the naive one has no cross-mode soft rule)`);
if (broken || engineBroken || covered < CIRCLES * SEATS_EACH) {
  log('  MISS: a suggestion broke a hard rule, or seats were left without a candidate');
  process.exitCode = 1;
}
