// Rival groups (members no two of whom may share a circle), and circles anchored on the largest one: a dense metro's start.
import { mulberry32 } from './prng.js';
import { addCircle, compatible, compatibleWithAll, newState, placedCount, relocate, type CircleState } from './circles.js';

/** Up to this many members the rival groups (every pair checked) and the anchored start run. */
export const ANCHOR_MAX_N = 3_000;
/** Rounds of the anchored construction (each reorders the members the last left out). */
export const ANCHOR_ROUNDS = 24;
/** Kicks of the local search growing the largest rival group. */
const ENLARGE_KICKS = 1_000;

/** Which pairs of `members` may share a circle (an n×n matrix by member, filled for those pairs) and each one's count of such peers. */
interface Feasibility {
  fx: Uint8Array;
  degree: Int32Array;
}

/** Every pair of `members` checked once against the hard rules. */
function feasibility(st: CircleState, members: readonly number[]): Feasibility {
  const n = st.pr.n;
  const fx = new Uint8Array(n * n);
  const degree = new Int32Array(n);
  for (let a = 0; a < members.length; a++) {
    const u = members[a]!;
    for (let b = a + 1; b < members.length; b++) {
      const v = members[b]!;
      if (!st.pr.feasible(u, v)) continue;
      fx[u * n + v] = fx[v * n + u] = 1;
      degree[u]!++;
      degree[v]!++;
    }
  }
  return { fx, degree };
}

/**
 * Splits `members` greedily into rival groups: every pair in a group breaks a hard rule (a shared
 * service line nearby, an avoid list), so a circle holds at most one member of each. Members with
 * the fewest compatible peers go first: they are rivals of most others, so the groups grow large
 * (a dense metro's core practices of one service line form one group of hundreds). The largest
 * group is then grown by local search (`enlargeGroup`) and the other members split again around
 * it. Largest first.
 */
export function rivalGroups(st: CircleState, members: readonly number[]): number[][] {
  return split(st, members).groups;
}

function split(st: CircleState, members: readonly number[]): Rivals {
  const n = st.pr.n;
  const { fx, degree } = feasibility(st, members);
  const order = members.slice().sort((a, b) => degree[a]! - degree[b]! || a - b);
  const first = greedyGroups(fx, n, order)[0];
  if (!first) return { groups: [], degree };
  // The largest group bounds placement most: grown by swaps, the rest split again around it.
  const largest = enlargeGroup(fx, n, first, order);
  const inLargest = new Uint8Array(n);
  for (const r of largest) inLargest[r] = 1;
  const groups = [largest, ...greedyGroups(fx, n, order.filter((u) => !inLargest[u]))];
  return { groups: groups.sort((a, b) => b.length - a.length || a[0]! - b[0]!), degree };
}

/** Each member in `order` joins the first group it is a rival of every member of, or starts one. Largest first. */
function greedyGroups(fx: Uint8Array, n: number, order: readonly number[]): number[][] {
  const groups: number[][] = [];
  for (const u of order) {
    const home = groups.find((g) => g.every((v) => !fx[u * n + v]));
    if (home) home.push(u);
    else groups.push([u]);
  }
  return groups.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
}

/**
 * Grows a rival group (an independent set of the compatibility graph) by iterated local search.
 * Local steps: a member rival to everyone in the group joins it; a member x of the group is traded
 * for two members, rivals of each other, whose only compatible member in the group is x (a
 * (1,2)-swap). Each step adds one, so they end. Then ENLARGE_KICKS kicks: a member outside with at
 * most two compatible members in the group is forced in (they leave), local steps follow, and the
 * kick is undone if the group shrank. The largest group seen is returned. Kicks draw from a fixed
 * seed, so the result depends on the network alone.
 */
function enlargeGroup(fx: Uint8Array, n: number, group: readonly number[], order: readonly number[]): number[] {
  const m = order.length;
  // Positions in `order` may share a circle.
  const ok = (a: number, b: number): boolean => fx[order[a]! * n + order[b]!] === 1;
  const pos = new Map(order.map((v, k) => [v, k]));
  let inGroup = new Uint8Array(m);
  // Per member outside: how many in the group it may sit with, and the sum of their positions (the one, when one).
  let mates = new Int32Array(m);
  let mateSum = new Float64Array(m);
  let size = 0;
  const toggle = (x: number, into: boolean): void => {
    inGroup[x] = into ? 1 : 0;
    size += into ? 1 : -1;
    const d = into ? 1 : -1;
    const row = order[x]! * n;
    for (let v = 0; v < m; v++) {
      if (!fx[row + order[v]!]) continue;
      mates[v] = mates[v]! + d;
      mateSum[v] = mateSum[v]! + d * x;
    }
  };
  for (const r of group) toggle(pos.get(r)!, true);
  const localSteps = (): void => {
    for (;;) {
      let free = -1;
      for (let v = 0; v < m && free < 0; v++) if (!inGroup[v] && mates[v] === 0) free = v;
      if (free >= 0) {
        toggle(free, true);
        continue;
      }
      const byMate = new Map<number, number[]>();
      for (let v = 0; v < m; v++) if (!inGroup[v] && mates[v] === 1) byMate.set(mateSum[v]!, [...(byMate.get(mateSum[v]!) ?? []), v]);
      let swap: [number, number, number] | null = null;
      for (const [x, list] of byMate) {
        for (let a = 0; a < list.length && !swap; a++) for (let b = a + 1; b < list.length && !swap; b++) if (!ok(list[a]!, list[b]!)) swap = [x, list[a]!, list[b]!];
        if (swap) break;
      }
      if (!swap) return;
      toggle(swap[0], false);
      toggle(swap[1], true);
      toggle(swap[2], true);
    }
  };
  localSteps();
  let best = inGroup.slice();
  let bestSize = size;
  const rng = mulberry32(1);
  for (let kick = 0; kick < ENLARGE_KICKS; kick++) {
    const near: number[] = [];
    for (let v = 0; v < m; v++) if (!inGroup[v] && mates[v]! <= 2) near.push(v);
    if (near.length === 0) break;
    const saved = { inGroup: inGroup.slice(), mates: mates.slice(), mateSum: mateSum.slice(), size };
    const k = near[rng.int(near.length)]!;
    for (let v = 0; v < m; v++) if (inGroup[v] && ok(v, k)) toggle(v, false);
    toggle(k, true);
    localSteps();
    if (size < saved.size) ({ inGroup, mates, mateSum, size } = saved);
    else if (size > bestSize) [best, bestSize] = [inGroup.slice(), size];
  }
  return order.filter((_, k) => best[k]);
}

/**
 * Whether a rival group of `size` binds, so circles built around it are worth trying: it has more
 * members than circles the others could fill (size · (minSize − 1) > n − size), and room for two circles.
 */
export function groupBinds(st: CircleState, size: number): boolean {
  return size >= 2 * st.min && size * (st.min - 1) > st.pr.n - size;
}

/** Every member's rival groups (`rivalGroups`) and count of feasible peers: one round's anchored start and placement bound share them. */
export interface Rivals {
  groups: number[][];
  degree: Int32Array;
}

/** The rival groups of all members of `st`'s problem (they depend on the hard rules alone, not on the circles). */
export function rivalsOf(st: CircleState): Rivals {
  return split(st, Array.from({ length: st.pr.n }, (_, i) => i));
}

interface Anchoring {
  anchors: number[];
  isAnchor: Uint8Array;
  /** The other members, most constrained first: fewest anchors they may sit with, then fewest feasible peers. */
  others: number[];
  /** Per anchor: how much the other members need it (Σ 1 / their anchor count over those who may sit with it). */
  need: Float64Array;
}

/**
 * Circles anchored on the largest rival group R of `st`'s problem, as a new state. Each circle
 * can take one member of R, so placement is won by opening as many circles as the other members
 * can fill, each around one anchor. One round: the other members go in priority order, each into
 * the least filled circle below minSize that it fits; one that fits none opens a circle (up to
 * `maxCircles`) around the unused anchor it may sit with that the others need most. Then the
 * emptiest circle below minSize is dissolved, its members completing the fullest short circles they
 * fit, until none is short, and members still out take the least filled circle with room they fit.
 * Rounds repeat with the members left out moved up the order (a "squeaky wheel": each round out
 * raises a member's priority by one), and the round placing the most (the first of equals) is kept;
 * the caller places what is left. Null unless R binds: it has more members than the others could
 * fill circles around (|R|·(minSize − 1) > n − |R|).
 */
export function anchoredCircles(st: CircleState, maxCircles: number, rounds: number, rivals: Rivals = rivalsOf(st)): CircleState | null {
  const a = anchoring(st, rivals);
  if (!a) return null;
  const n = st.pr.n;
  const priority = new Int32Array(n);
  const rank = new Int32Array(n);
  a.others.forEach((x, k) => (rank[x] = k));
  let best: CircleState | null = null;
  let bestPlaced = -1;
  for (let round = 0; round < Math.max(1, rounds); round++) {
    const order = a.others.slice().sort((x, y) => priority[y]! - priority[x]! || rank[x]! - rank[y]!);
    const trial = anchoredRound(newState(st.pr, st.min, st.max), a, order, maxCircles);
    const placed = placedCount(trial);
    if (placed > bestPlaced) [best, bestPlaced] = [trial, placed];
    let out = 0;
    for (const x of a.others) {
      if (trial.of[x] !== -1) continue;
      priority[x]!++;
      out++;
    }
    if (out === 0) break;
  }
  return best;
}

function anchoring(st: CircleState, { groups, degree }: Rivals): Anchoring | null {
  const n = st.pr.n;
  const all = Array.from({ length: n }, (_, i) => i);
  const anchors = groups[0] ?? [];
  if (!groupBinds(st, anchors.length)) return null;
  const isAnchor = new Uint8Array(n);
  for (const r of anchors) isAnchor[r] = 1;
  const others = all.filter((i) => !isAnchor[i]);
  const anchorCount = new Int32Array(n);
  for (const i of others) for (const r of anchors) if (compatible(st, i, r)) anchorCount[i]!++;
  const need = new Float64Array(n);
  for (const r of anchors) for (const i of others) if (anchorCount[i]! > 0 && compatible(st, i, r)) need[r] = need[r]! + 1 / anchorCount[i]!;
  others.sort((x, y) => anchorCount[x]! - anchorCount[y]! || degree[x]! - degree[y]! || x - y);
  return { anchors, isAnchor, others, need };
}

/** One round of the anchored construction into the empty state `st`, members in `order`. */
function anchoredRound(st: CircleState, a: Anchoring, order: readonly number[], maxCircles: number): CircleState {
  const used = new Uint8Array(st.pr.n);
  const open: number[] = [];
  const size = (c: number): number => st.circles[c]!.length;
  const short = (c: number): boolean => size(c) > 0 && size(c) < st.min;
  for (const x of order) {
    let best = -1;
    for (const c of open) if (size(c) < st.min && (best < 0 || size(c) < size(best)) && compatibleWithAll(st, x, st.circles[c]!)) best = c;
    if (best >= 0) {
      relocate(st, x, best);
      continue;
    }
    if (open.length >= maxCircles) continue;
    let anchor = -1;
    for (const r of a.anchors) if (!used[r] && compatible(st, x, r) && (anchor < 0 || a.need[r]! > a.need[anchor]!)) anchor = r;
    if (anchor < 0) continue;
    used[anchor] = 1;
    open.push(addCircle(st, [anchor, x]));
  }
  for (;;) {
    let worst = -1;
    for (const c of open) if (short(c) && (worst < 0 || size(c) < size(worst))) worst = c;
    if (worst < 0) break;
    for (const x of st.circles[worst]!.slice()) {
      relocate(st, x, -1);
      if (a.isAnchor[x]) continue;
      let best = -1;
      for (const c of open) if (c !== worst && short(c) && (best < 0 || size(c) > size(best)) && compatibleWithAll(st, x, st.circles[c]!)) best = c;
      if (best >= 0) relocate(st, x, best);
    }
  }
  for (const x of order) {
    if (st.of[x] !== -1) continue;
    let best = -1;
    for (const c of open) if (size(c) > 0 && size(c) < st.max && (best < 0 || size(c) < size(best)) && compatibleWithAll(st, x, st.circles[c]!)) best = c;
    if (best >= 0) relocate(st, x, best);
  }
  return st;
}
