// Circles hosted by rivals: the members who may sit with few of the largest rival group are paired and given a rival each first, then the others fill.
import { addCircle, compatible, compatibleWithAll, newState, relocate, type CircleState } from './circles.js';
import { groupBinds, type Rivals } from './circles-anchor.js';

/** Distinct right items for left items by augmenting paths (Kuhn), added one at a time. */
class Assignment {
  private readonly owner = new Map<number, number>();
  readonly got = new Map<number, number>();

  constructor(private readonly candidates: (i: number) => readonly number[]) {}

  /** Gives item i a right item, moving earlier items to others where needed; false (nothing changed) if none can be found. */
  add(i: number): boolean {
    return this.augment(i, new Set());
  }

  /** Takes item i's right item back (i then has none) and returns it. */
  remove(i: number): number | undefined {
    const p = this.got.get(i);
    if (p === undefined) return undefined;
    this.got.delete(i);
    this.owner.delete(p);
    return p;
  }

  /** The assignment as it stands, to `restore` after a tentative change. */
  snapshot(): Map<number, number> {
    return new Map(this.got);
  }

  restore(got: ReadonlyMap<number, number>): void {
    this.got.clear();
    this.owner.clear();
    for (const [i, p] of got) this.put(i, p);
  }

  /** Gives item i the free right item p. */
  put(i: number, p: number): void {
    this.got.set(i, p);
    this.owner.set(p, i);
  }

  private augment(i: number, seen: Set<number>): boolean {
    for (const p of this.candidates(i)) {
      if (seen.has(p)) continue;
      seen.add(p);
      const o = this.owner.get(p);
      if (o === undefined || this.augment(o, seen)) {
        this.put(i, p);
        return true;
      }
    }
    return false;
  }
}

/**
 * Below this share of the largest rival group, a member is tight (the bench's MIP bound uses the
 * same; on its sprawling metros 1/2 and 0.6 placed no more, and both starts together no more).
 */
const TIGHT_SHARE = 0.75;

/**
 * Circles around the largest rival group R (at most one of it per circle), built from the members
 * who bind: those who may sit with fewer than TIGHT_SHARE of R ("tight"). The others ("loose", U of
 * them) may sit with nearly any rival and fill. A circle hosting h tight members needs minSize − 1 − h
 * loose ones, so with P = Σ (h − 1) over the hosted groups, at most (U + P) / (minSize − 2) circles
 * can be filled: placement is won by hosting tight members two or three to a rival. So: tight members
 * are paired (the most constrained first, each with the partner who has fewest options left), a pair
 * kept only if every pair so far can still get a rival of its own that both may sit with (augmenting
 * paths reassign rivals); left-out tight members join hosted pairs as a third; single tight members
 * get rivals while the loose members can fill; a tight member still without a rival joins a hosted
 * group (the group's rival reassigned where needed) or takes the place of one who can then join
 * another group or be hosted alone (on the bench's sprawling metros: 2 more circles with a rival
 * on the first network, 678 placed where 675–677 were); then circles around free rivals take the loose members
 * left. Members join circles in rounds, each short circle taking at most one per round by a maximum
 * bipartite assignment (the circle with fewest candidates and the member fitting fewest circles
 * first); circles still short are dissolved and their members left out for the repairs that follow.
 * Index order throughout: one result per network. Null unless R binds (as for the anchored start).
 */
export function hostedCircles(st0: CircleState, rivals: Rivals): CircleState | null {
  const pr = st0.pr;
  const n = pr.n;
  const min = st0.min;
  const R = rivals.groups[0] ?? [];
  if (!groupBinds(st0, R.length)) return null;
  const isRival = new Uint8Array(n);
  for (const r of R) isRival[r] = 1;
  const others: number[] = [];
  for (let i = 0; i < n; i++) if (!isRival[i]) others.push(i);
  const fitsR = new Map<number, number[]>();
  for (const o of others) fitsR.set(o, R.filter((r) => compatible(st0, o, r)));
  const tight = others.filter((o) => fitsR.get(o)!.length > 0 && fitsR.get(o)!.length < TIGHT_SHARE * R.length);
  const loose = others.length - tight.length;
  // How much the tight members need each rival: rivals few of them need are handed out first.
  const need = new Float64Array(n);
  for (const t of tight) for (const r of fitsR.get(t)!) need[r] = need[r]! + 1 / fitsR.get(t)!.length;
  const rivalsFor = (g: readonly number[]): number[] =>
    fitsR.get(g[0]!)!.filter((r) => g.every((t) => compatible(st0, t, r))).sort((a, b) => need[a]! - need[b]! || a - b);

  const groups: number[][] = [];
  const options: number[][] = [];
  const assignment = new Assignment((i) => options[i]!);
  const groupOf = new Int32Array(n).fill(-1);
  const host = (g: number[]): boolean => {
    groups.push(g);
    options.push(rivalsFor(g));
    if (assignment.add(groups.length - 1)) {
      for (const t of g) groupOf[t] = groups.length - 1;
      return true;
    }
    groups.pop();
    options.pop();
    return false;
  };

  // Pairs: tight members who may sit together and share a rival.
  const partners = new Map<number, number[]>();
  for (const a of tight) partners.set(a, tight.filter((b) => b !== a && compatible(st0, a, b) && fitsR.get(a)!.some((r) => compatible(st0, b, r))));
  const open = new Int32Array(n);
  for (const t of tight) open[t] = partners.get(t)!.length;
  const unpaired = (t: number): boolean => groupOf[t] === -1;
  const paired = (t: number): void => {
    for (const p of partners.get(t)!) open[p]!--;
  };
  const tried = new Uint8Array(n);
  for (;;) {
    let a = -1;
    for (const t of tight) if (unpaired(t) && !tried[t] && open[t]! > 0 && (a < 0 || open[t]! < open[a]!)) a = t;
    if (a < 0) break;
    tried[a] = 1;
    const choices = partners.get(a)!.filter(unpaired).sort((x, y) => open[x]! - open[y]! || x - y);
    for (const b of choices) {
      if (!host([a, b])) continue;
      paired(a);
      paired(b);
      break;
    }
  }
  // Thirds for hosted pairs, then singles while the loose members can fill their circles.
  for (const t of tight) {
    if (!unpaired(t)) continue;
    for (const [i, r] of assignment.got) {
      const g = groups[i]!;
      if (g.length >= 3 || !compatible(st0, t, r) || !compatibleWithAll(st0, t, g)) continue;
      g.push(t);
      groupOf[t] = i;
      options[i] = rivalsFor(g);
      break;
    }
  }
  const surplus = groups.reduce((s, g) => s + g.length - 1, 0);
  const singles = tight.filter(unpaired).sort((x, y) => fitsR.get(x)!.length - fitsR.get(y)!.length || x - y);
  for (const t of singles) if (groups.length + 1 <= (loose + surplus) / (min - 2)) host([t]);
  // Tight members still without a rival: each joins a hosted group, or takes the place of a member who then joins or is hosted alone.
  const regroup = (i: number, g: number[]): boolean => {
    const opts = rivalsFor(g);
    if (opts.length === 0) return false;
    const [had, oldGroup, oldOptions] = [assignment.remove(i)!, groups[i]!, options[i]!];
    [groups[i], options[i]] = [g, opts];
    if (assignment.add(i)) {
      for (const t of g) groupOf[t] = i;
      return true;
    }
    // A failed search for augmenting paths changes nothing: i takes its rival back.
    [groups[i], options[i]] = [oldGroup, oldOptions];
    assignment.put(i, had);
    return false;
  };
  const joinOrHost = (t: number): boolean => {
    for (let i = 0; i < groups.length; i++) if (groups[i]!.length < 3 && compatibleWithAll(st0, t, groups[i]!) && regroup(i, [...groups[i]!, t])) return true;
    return groups.length + 1 <= (loose + surplus) / (min - 2) && host([t]);
  };
  const displace = (t: number): boolean => {
    for (let i = 0; i < groups.length; i++) {
      for (const b of groups[i]!) {
        const rest = groups[i]!.filter((x) => x !== b);
        if (!compatibleWithAll(st0, t, rest)) continue;
        const [before, oldGroup, oldOptions] = [assignment.snapshot(), groups[i]!, options[i]!];
        if (!regroup(i, [...rest, t])) continue;
        groupOf[b] = -1;
        if (joinOrHost(b)) return true;
        [groups[i], options[i], groupOf[b], groupOf[t]] = [oldGroup, oldOptions, i, -1];
        assignment.restore(before);
      }
    }
    return false;
  };
  for (const t of singles) if (unpaired(t) && !joinOrHost(t)) displace(t);
  const st = newState(pr, min, st0.max);
  const built: number[] = [];
  for (const [i, r] of assignment.got) built.push(addCircle(st, [r, ...groups[i]!]));
  const pool = new Set(others.filter((o) => st.of[o] === -1));
  fill(st, built, pool);
  // Circles around free rivals, while the members left can fill them.
  const spare = (): number => pool.size - built.reduce((s, c) => s + Math.max(0, min - st.circles[c]!.length), 0);
  const free = R.filter((r) => st.of[r] === -1);
  const fitting = new Map(free.map((r) => [r, [...pool].filter((p) => compatible(st, p, r)).length]));
  free.sort((a, b) => fitting.get(b)! - fitting.get(a)! || a - b);
  for (const r of free) {
    if (spare() < min - 1) break;
    built.push(addCircle(st, [r]));
  }
  fill(st, built, pool);
  for (const c of built) if (st.circles[c]!.length < min) for (const x of st.circles[c]!.slice()) relocate(st, x, -1);
  return st;
}

/** Rounds of one member per short circle (a maximum assignment each round) from `pool`. */
function fill(st: CircleState, circles: readonly number[], pool: Set<number>): void {
  for (let round = 0; round < st.min; round++) {
    const short = circles.filter((c) => st.circles[c]!.length > 0 && st.circles[c]!.length < st.min);
    if (short.length === 0) return;
    const candidates = short.map((c) => [...pool].filter((p) => compatibleWithAll(st, p, st.circles[c]!)));
    const fitCount = new Map<number, number>();
    for (const cs of candidates) for (const p of cs) fitCount.set(p, (fitCount.get(p) ?? 0) + 1);
    for (const cs of candidates) cs.sort((a, b) => fitCount.get(a)! - fitCount.get(b)! || a - b);
    const assignment = new Assignment((i) => candidates[i]!);
    const order = short.map((_, i) => i).sort((a, b) => candidates[a]!.length - candidates[b]!.length || a - b);
    for (const i of order) assignment.add(i);
    if (assignment.got.size === 0) return;
    for (const [i, p] of assignment.got) {
      relocate(st, p, short[i]!);
      pool.delete(p);
    }
  }
}
