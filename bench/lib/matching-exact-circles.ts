// Exact circles baseline for small networks: DP over subsets, most members placed first, then the largest objective.
export interface ExactCircles {
  placed: number;
  objective: number;
}

/**
 * score[i*n+j] and feasible[i*n+j] for n ≤ 18 members. f(S) = best (placed, objective) for the
 * members in S, deciding the lowest member of S: left out, or in a circle C ⊆ S of size [min, max]
 * whose pairs are all feasible. Circle value: 2·(sum of its pair scores)/(size − 1).
 */
export function exactCircles(n: number, score: Float64Array, feasible: Uint8Array, min: number, max: number): ExactCircles {
  const full = 1 << n;
  const value = new Float64Array(full).fill(-1);
  for (let mask = 1; mask < full; mask++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) members.push(i);
    if (members.length < min || members.length > max) continue;
    let w = 0;
    let ok = true;
    for (let a = 0; a < members.length && ok; a++) {
      for (let b = a + 1; b < members.length; b++) {
        const i = members[a]!;
        const j = members[b]!;
        if (!feasible[i * n + j]) {
          ok = false;
          break;
        }
        w += score[i * n + j]!;
      }
    }
    if (ok) value[mask] = (2 * w) / (members.length - 1);
  }
  const placed = new Int8Array(full);
  const obj = new Float64Array(full);
  for (let s = 1; s < full; s++) {
    const low = s & -s;
    let bestP = placed[s ^ low]!;
    let bestV = obj[s ^ low]!;
    const rest = s ^ low;
    for (let sub = rest; ; sub = (sub - 1) & rest) {
      const c = sub | low;
      const v = value[c]!;
      if (v >= 0) {
        const r = s ^ c;
        let size = 0;
        for (let x = c; x; x &= x - 1) size++;
        const p = size + placed[r]!;
        const val = v + obj[r]!;
        if (p > bestP || (p === bestP && val > bestV)) [bestP, bestV] = [p, val];
      }
      if (sub === 0) break;
    }
    placed[s] = bestP;
    obj[s] = bestV;
  }
  return { placed: placed[full - 1]!, objective: obj[full - 1]! };
}
