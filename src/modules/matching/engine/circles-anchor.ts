// Rival groups (members no two of whom may share a circle), and circles anchored on the largest one: a dense metro's start.
import { addCircle, circleValue, compatible, compatibleWithAll, relocate, type CircleState } from './circles.js';

/** Up to this many members the rival groups (every pair checked) and the anchored start run. */
export const ANCHOR_MAX_N = 3_000;

/** Each member's count of feasible peers among `members` (indexed by member). */
function feasibleDegrees(st: CircleState, members: readonly number[]): Int32Array {
  const degree = new Int32Array(st.pr.n);
  for (let a = 0; a < members.length; a++) {
    for (let b = a + 1; b < members.length; b++) {
      if (!st.pr.feasible(members[a]!, members[b]!)) continue;
      degree[members[a]!]!++;
      degree[members[b]!]!++;
    }
  }
  return degree;
}

/**
 * Splits `members` greedily into rival groups: every pair in a group breaks a hard rule (a shared
 * service line nearby, an avoid list), so a circle holds at most one member of each. Members with
 * the fewest compatible peers go first: they are rivals of most others, so the groups grow large
 * (a dense metro's core practices of one service line form one group of hundreds). Largest first.
 */
export function rivalGroups(st: CircleState, members: readonly number[], degree = feasibleDegrees(st, members)): number[][] {
  const order = members.slice().sort((a, b) => degree[a]! - degree[b]! || a - b);
  const groups: number[][] = [];
  for (const u of order) {
    const home = groups.find((g) => g.every((v) => !st.pr.feasible(u, v)));
    if (home) home.push(u);
    else groups.push([u]);
  }
  return groups.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/**
 * Circles anchored on the largest rival group R (the state must hold no circles yet). Each circle
 * can take one member of R, so placement is won by opening as many circles as the other members
 * can fill, each around one anchor. The other members go most constrained first (fewest anchors
 * they may sit with, then fewest feasible peers), each into the least filled circle below minSize that it fits; a member that
 * fits none opens a circle around the unused anchor it may sit with that the members still to come
 * need most (Σ 1 / their anchor count). Circles left below minSize are dissolved; the caller places
 * what is left. Returns false (and builds nothing) when R is too small to be worth anchoring on.
 */
export function anchoredCircles(st: CircleState, maxCircles: number): boolean {
  const n = st.pr.n;
  const all = Array.from({ length: n }, (_, i) => i);
  const degree = feasibleDegrees(st, all);
  const anchors = rivalGroups(st, all, degree)[0] ?? [];
  if (anchors.length < 2 * st.min) return false;
  const isAnchor = new Uint8Array(n);
  for (const r of anchors) isAnchor[r] = 1;
  const others = all.filter((i) => !isAnchor[i]);
  const anchorCount = new Int32Array(n);
  for (const i of others) for (const r of anchors) if (compatible(st, i, r)) anchorCount[i]!++;
  const need = new Float64Array(n);
  for (const r of anchors) for (const i of others) if (anchorCount[i]! > 0 && compatible(st, i, r)) need[r] = need[r]! + 1 / anchorCount[i]!;
  others.sort((a, b) => anchorCount[a]! - anchorCount[b]! || degree[a]! - degree[b]! || a - b);
  const used = new Uint8Array(n);
  const open: number[] = [];
  for (const x of others) {
    let best = -1;
    for (const c of open) {
      const size = st.circles[c]!.length;
      if (size < st.min && (best < 0 || size < st.circles[best]!.length) && compatibleWithAll(st, x, st.circles[c]!)) best = c;
    }
    if (best >= 0) {
      relocate(st, x, best);
      continue;
    }
    if (open.length >= maxCircles) continue;
    let anchor = -1;
    for (const r of anchors) if (!used[r] && compatible(st, x, r) && (anchor < 0 || need[r]! > need[anchor]!)) anchor = r;
    if (anchor < 0) continue;
    used[anchor] = 1;
    open.push(addCircle(st, [anchor, x]));
  }
  for (const c of open) if (st.circles[c]!.length < st.min) for (const x of st.circles[c]!.slice()) relocate(st, x, -1);
  return true;
}

const placedIn = (st: CircleState): number => st.circles.reduce((s, c) => s + c.length, 0);
const valueOf = (st: CircleState): number => st.circles.reduce((s, c, k) => s + circleValue(st.W[k]!, c.length), 0);

/** Whether `b` places more members than `a`, or as many for more value. */
export function startIsBetter(b: CircleState, a: CircleState): boolean {
  const [pa, pb] = [placedIn(a), placedIn(b)];
  return pb > pa || (pb === pa && valueOf(b) > valueOf(a) + 1e-9);
}
