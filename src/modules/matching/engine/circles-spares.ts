// New circles from left-out members and spare seats: where one kind of member is plentiful and the rest are scarce.
import { addCircle, compatible, relocate, type CircleState } from './circles.js';

/** Clique-search nodes per left-out member tried (a deterministic cap, not a clock). */
const NODES_PER_SEED = 4_000;

/**
 * Forms new circles of minSize around left-out members, taking partners from the other left-out
 * members and from *spare* seats: members of circles larger than minSize (a circle gives up at most
 * size − minSize of them, so it never falls below minSize). Each new circle holds at least one
 * left-out member, so placement grows by the left-out members it holds: in a dense metro where
 * one service line's core practices are hundreds of mutual rivals, circles grown to 6–8 spend the
 * scarce members that could each have opened a circle with a rival left out. Work is capped by
 * `maxNodes` clique-search nodes; members are tried in index order, so a seed gives one result.
 * Returns how many members it placed.
 */
export function circlesFromSpares(st: CircleState, maxNodes: number): number {
  const n = st.pr.n;
  const min = st.min;
  let nodes = 0;
  let gained = 0;
  const taken = new Map<number, number>();
  for (let progress = true; progress && nodes < maxNodes; ) {
    progress = false;
    for (let u = 0; u < n && nodes < maxNodes; u++) {
      if (st.of[u] !== -1) continue;
      // Left-out partners first (each adds one to placement), then spare seats.
      const free: number[] = [];
      const spare: number[] = [];
      for (let v = 0; v < n; v++) {
        if (v === u || !compatible(st, u, v)) continue;
        const c = st.of[v]!;
        if (c === -1) free.push(v);
        else if (st.circles[c]!.length > min) spare.push(v);
      }
      const cand = free.concat(spare);
      if (cand.length < min - 1) continue;
      const group = [u];
      taken.clear();
      let budget = NODES_PER_SEED;
      const search = (from: number): boolean => {
        if (group.length === min) return true;
        if (--budget < 0) return false;
        nodes++;
        for (let k = from; k < cand.length; k++) {
          if (group.length + cand.length - k < min) return false;
          const v = cand[k]!;
          const c = st.of[v]!;
          if (c >= 0 && st.circles[c]!.length - (taken.get(c) ?? 0) <= min) continue;
          let ok = true;
          for (let x = 1; x < group.length && ok; x++) ok = compatible(st, v, group[x]!);
          if (!ok) continue;
          group.push(v);
          if (c >= 0) taken.set(c, (taken.get(c) ?? 0) + 1);
          if (search(k + 1)) return true;
          group.pop();
          if (c >= 0) taken.set(c, taken.get(c)! - 1);
        }
        return false;
      };
      if (!search(0)) continue;
      let out = 0;
      for (const v of group) if (st.of[v] === -1) out++;
      for (const v of group) relocate(st, v, -1);
      addCircle(st, group);
      gained += out;
      progress = true;
    }
  }
  return gained;
}

