// Solver drivers: pairs (exact, or search with a cardinality step over every feasible edge) and circles.
import { addCircle, adopt, circleValue, construct, newState, placeLeftovers, placesMoreOrBetter, relocate, type CircleState } from './circles.js';
import { ANCHOR_MAX_N, ANCHOR_ROUNDS, anchoredCircles, rivalsOf, type Rivals } from './circles-anchor.js';
import { packCircles, PACK_MAX } from './circles-exact.js';
import { neighbourhoodSearch, packSmallParts, placementUpper } from './circles-lns.js';
import { placeByChains, placeByPairSwaps } from './circles-chains.js';
import { hostedCircles } from './circles-hosts.js';
import { circlesFromSpares } from './circles-spares.js';
import { classLp, classSwaps, roundLp, shareBound } from './circles-round.js';
import { improveCircles, iteratedSearch } from './circles-search.js';
import { emptyEdgeList, extendGraph, findEdge, pushEdge, type Graph } from './graph.js';
import { augmentToMaximum, greedyMatching } from './pairs.js';
import { exactPairs } from './pairs-exact.js';
import { augmentFull } from './pairs-full.js';
import { improveMatching } from './pairs-search.js';
import type { Problem } from './problem.js';
import type { Rng } from './prng.js';
import { opsFor, Work } from './work.js';

export interface Solved {
  groups: number[][];
  graph: Graph;
  timedOut: boolean;
  /** Most members that can be placed at all, when proven (pairs: twice the maximum matching). */
  placeable?: number;
  /** Upper bound from the LP dual, when the exact solver ran (pairs). */
  lpBound?: number;
  /** The proven optimum's objective, when an exact method solved the whole network. */
  exactValue?: number;
  /** An upper bound on how many members can be placed, when placeable is not known exactly. */
  placementUpper?: number;
  /** Circles: an upper bound on the objective from each member's best share (the class LP's, when it ran). */
  shareBound?: (share: Float64Array) => number;
  /** Which solver produced the groups. */
  method: 'exact' | 'search';
}

/** Exact pairs (blossom with edge pricing) up to this many members; above, the search below. */
export const EXACT_PAIRS_N = 2_000;

function groupsOf(mate: Int32Array): number[][] {
  const groups: number[][] = [];
  for (let u = 0; u < mate.length; u++) if (mate[u]! > u) groups.push([u, mate[u]!]);
  return groups;
}

/** The graph plus every matched pair it lacks (so scores, local search and reasons see them). */
function withMatched(pr: Problem, g: Graph, mate: Int32Array): Graph {
  const extra = emptyEdgeList();
  for (let u = 0; u < pr.n; u++) {
    const v = mate[u]!;
    if (v > u && findEdge(g, u, v) < 0) pushEdge(extra, u, v, pr.score(u, v), pr.repeat(u, v));
  }
  return extra.u.length > 0 ? extendGraph(g, extra) : g;
}

/**
 * Pairs: most pairs, then fewest recent repeats, then most score. Up to EXACT_PAIRS_N members the
 * exact solver runs on every feasible edge (if the budget allows). Above, or past the budget, a
 * search: members with short candidate rows get all their feasible partners, then greedy,
 * augmentation on candidates, a cardinality step over the whole feasible graph (nobody pairable
 * stays single), and local search for weight. `complete`: the graph already holds every feasible edge.
 */
export function solvePairs(pr: Problem, rng: Rng, work: Work, complete: boolean, exactN = EXACT_PAIRS_N): Solved {
  const found = searchPairs(pr, rng, work, complete);
  if (pr.n <= exactN && pr.n >= 2 && !found.timedOut) {
    // The search's matching seeds the exact solver's core, so its first solve already has the right size.
    const mate = new Int32Array(pr.n).fill(-1);
    for (const [a, b] of found.groups) {
      mate[a!] = b!;
      mate[b!] = a!;
    }
    const ex = exactPairs(pr, complete, mate, work);
    if (ex) {
      return { groups: groupsOf(ex.mate), graph: withMatched(pr, pr.graph, ex.mate), timedOut: false, placeable: 2 * ex.pairs, lpBound: ex.bound, method: 'exact' };
    }
    found.timedOut = true;
  }
  return found;
}

/** The cardinality steps' own budget (a minute's worth), so what the search spent never costs anyone a partner. */
const PLACEMENT_OPS = opsFor(60_000);

function searchPairs(pr: Problem, rng: Rng, work: Work, complete: boolean): Solved {
  let g = pr.graph;
  const mate = new Int32Array(pr.n).fill(-1);
  greedyMatching(g, mate);
  const placing = new Work(PLACEMENT_OPS);
  let ok = augmentToMaximum(g, mate, false, placing);
  let proven: boolean;
  if (!complete) {
    const full = augmentFull(pr, mate, false, placing);
    ok &&= full.complete;
    if (mate.includes(-1)) {
      // Recent partners only to save members still single.
      const rep = augmentFull(pr, mate, true, placing);
      ok &&= rep.complete;
      proven = ok;
    } else proven = ok;
    g = withMatched(pr, g, mate);
  } else {
    ok = augmentToMaximum(g, mate, true, placing) && ok;
    proven = ok;
  }
  ok = improveMatching(g, mate, rng, work) && ok;
  const groups = groupsOf(mate);
  return { groups, graph: g, timedOut: !ok, ...(proven ? { placeable: 2 * groups.length } : {}), method: 'search' };
}

const SMALL_PART_LIMITS = { maxCircles: 60_000, maxStates: 400_000, maxWork: 8_000_000 };

/** Repeats cost more than any score total of a small round, so the packing keeps as few as it can. */
const REPEAT_COST = 1_000;

/** Small rounds: the exact packing with recent partners allowed; applied only if it places more. */
function packWithRepeats(st: CircleState): boolean {
  const pr = st.pr;
  const placed = st.of.filter((c) => c >= 0).length;
  const pack = packCircles(pr.n, (a, b) => pr.feasible(a, b), (a, b) => pr.score(a, b) - (pr.repeat(a, b) ? REPEAT_COST : 0), st.min, st.max, SMALL_PART_LIMITS);
  if (!pack || pack.placed <= placed) return false;
  for (let i = 0; i < pr.n; i++) relocate(st, i, -1);
  for (const c of pack.circles) addCircle(st, c);
  return true;
}

/** Every part packed exactly: proven optimal, so the objective itself is the tightest upper bound. */
function exactResult(st: CircleState, pr: Problem): Solved {
  const groups = st.circles.filter((c) => c.length > 0).map((c) => c.slice());
  const value = st.circles.reduce((t, c, k) => t + circleValue(st.W[k]!, c.length), 0);
  return { groups, graph: pr.graph, timedOut: false, placeable: st.of.filter((c) => c >= 0).length, exactValue: value, method: 'exact' };
}

/**
 * Work budgets for circles, not time: one seed gives one result on any machine. Calibrated on a
 * dense metro of 1,000 (the neighbourhood search's 30M units take about 3 s on a loaded 2-core
 * machine) and on the 100k and 10k time goals.
 */
const LNS_WORK = 30_000_000;
const LNS_WORK_PER_MEMBER = 40_000;
/** Clique-search nodes for the placement bound's per-member check, in all (past it, members count in). */
const UPPER_NODES = 2_000_000;

/** Circles from spare seats: up to this many members (each left-out member scans every other), and clique-search nodes per round. */
const SPARES_MAX_N = 3_000;
const SPARES_NODES = 2_000_000;
const SPARES_ROUNDS = 8;
/**
 * Circle checks for one run of chains and spare seats, all its passes together (measured: a few million,
 * under 0.5 s, on the bench's sprawling metros of 1,000; at 3,000 members one pass can use 20 million,
 * about 1.3 s).
 */
const CHAIN_WORK = 40_000_000;

/** Restarts pay off on small networks, where one climb can stall in a poor local optimum. */
function kicksFor(n: number): number {
  return n <= 200 ? Math.min(1_000, Math.round(20_000 / Math.max(n, 10))) : 0;
}

/**
 * Ejection chains and pair swaps seat members left out, and the circles they grow give spare seats
 * again: alternated while any of them places someone.
 */
export function chainsAndSpares(st: CircleState, rng: Rng): void {
  const chainWork = { left: CHAIN_WORK };
  for (let round = 0; round < SPARES_ROUNDS && placeByChains(st, chainWork) + placeByPairSwaps(st, chainWork) + circlesFromSpares(st, SPARES_NODES) > 0; round++) placeLeftovers(st, rng);
}

/**
 * Where one rival group dominates (a dense metro), circles anchored on it are built beside the
 * greedy start, their leftovers placed by chains and spare seats too; the one placing more (or as
 * many for more value) is kept.
 */
function anchoredStart(st: CircleState, rng: Rng, rivals: Rivals): void {
  const alt = anchoredCircles(st, Math.floor(st.pr.n / st.min), ANCHOR_ROUNDS, rivals);
  if (!alt) return;
  placeLeftovers(alt, rng);
  chainsAndSpares(alt, rng);
  if (placesMoreOrBetter(alt, st)) adopt(st, alt);
}

/** Circles hosted by rivals (`hostedCircles`), their leftovers placed the same way; kept where they place more (or as many for more value). */
function hostedStart(st: CircleState, rng: Rng, rivals: Rivals): void {
  const alt = hostedCircles(st, rivals);
  if (!alt) return;
  placeLeftovers(alt, rng);
  chainsAndSpares(alt, rng);
  if (placesMoreOrBetter(alt, st)) adopt(st, alt);
}

/**
 * Circles, placement first: seeded greedy growth, leftovers, moves and swaps, restarts on small
 * networks; then every compatible part of at most 30 members is packed exactly (set packing over
 * all its feasible circles), and a large neighbourhood search re-solves a few circles with the
 * members left out around them exactly. `complete`: the graph holds every feasible edge.
 */
export function solveCircles(pr: Problem, min: number, max: number, rng: Rng, complete = false): Solved {
  const st = newState(pr, min, max);
  const noRepeats = !pr.graph.rep.includes(1);
  if (complete && noRepeats && pr.n <= PACK_MAX) {
    // Small rounds: the exact packing first; the search runs only if it does not fit its limits.
    if (packSmallParts(st, SMALL_PART_LIMITS)) return exactResult(st, pr);
    for (let i = 0; i < pr.n; i++) relocate(st, i, -1);
  }
  // Where members fall into few twin classes (a dense metro), the packing LP bounds placement and its rounding builds the circles.
  const cl = pr.n > PACK_MAX ? classLp(st) : null;
  const fromLp = cl !== null && !cl.tc.repeats;
  if (fromLp) roundLp(st, cl);
  else construct(st, rng);
  placeLeftovers(st, rng);
  // Rival groups depend on the hard rules alone: computed once for the anchored start and the bound.
  const rivals = !fromLp && pr.n <= ANCHOR_MAX_N ? rivalsOf(st) : undefined;
  if (rivals) {
    anchoredStart(st, rng, rivals);
    hostedStart(st, rng, rivals);
  }
  // On large networks the first passes hold nearly all the gain (measured: 4 passes at 10k lose
  // 0.1% for 30% less time); a pass cap keeps big runs in budget and, unlike a clock, keeps the
  // result the same for a seed.
  const [limit, passes] = pr.n > 30_000 ? [10, 2] : pr.n > 5_000 ? [12, 4] : [16, 10_000];
  improveCircles(st, rng, limit, passes);
  iteratedSearch(st, rng, kicksFor(pr.n));
  if (fromLp) classSwaps(st, cl.tc, 4, 20_000_000);
  placeLeftovers(st, rng);
  // Placement first: small compatible parts exactly, then neighbourhoods re-solved exactly.
  const allExact = complete && noRepeats && pr.n > PACK_MAX && packSmallParts(st, SMALL_PART_LIMITS);
  if (!allExact) neighbourhoodSearch(st, rng, Math.min(LNS_WORK, LNS_WORK_PER_MEMBER * pr.n), pr.n <= 2_000 ? 4 : 1, pr.n <= 2_000);
  if (!allExact && pr.n <= SPARES_MAX_N && st.of.some((c) => c < 0)) {
    // Circles trimmed to minSize free scarce members to open circles around rivals left out.
    for (let round = 0; round < SPARES_ROUNDS && circlesFromSpares(st, SPARES_NODES) > 0; round++) placeLeftovers(st, rng);
    chainsAndSpares(st, rng);
  }
  if (st.of.some((c) => c < 0)) {
    // Last resort for members still out: a recent partner is better than no circle at all.
    st.allowRepeat = true;
    if (!(complete && pr.n <= PACK_MAX && packWithRepeats(st))) placeLeftovers(st, rng);
    st.allowRepeat = false;
  }
  const groups = st.circles.filter((c) => c.length > 0).map((c) => c.slice());
  if (allExact) return exactResult(st, pr);
  // The class LP is the packing's own relaxation: when it ran, the cheaper counting bound adds nothing.
  const upper = cl ? cl.placementBound : placementUpper(st, UPPER_NODES, rivals);
  return { groups, graph: pr.graph, timedOut: false, placementUpper: upper, method: 'search', ...(cl ? { shareBound: (share: Float64Array) => shareBound(cl, share) } : {}) };
}
