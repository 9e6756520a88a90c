// Exact maximum-weight matching (optionally maximum-cardinality): a TypeScript port of Joris van Rantwijk's mwmatching.py.
// Galil's O(n^3) primal-dual blossom algorithm. Integer weights keep the dual arithmetic exact.
import { BlossomState } from './matching-blossom-state.js';

/** Returns mate[v] (partner vertex or -1). Edges: [i, j, weight] with i != j, at most one per pair. */
export function maxWeightMatching(edges: ReadonlyArray<readonly [number, number, number]>, maxCardinality = false): Int32Array {
  if (edges.length === 0) return new Int32Array(0);
  const s = new BlossomState(edges);
  const nv = s.nv;
  for (let stage = 0; stage < nv; stage++) {
    s.label.fill(0);
    s.bestEdge.fill(-1);
    for (let b = nv; b < 2 * nv; b++) s.blossomBestEdges[b] = null;
    s.allowEdge.fill(0);
    s.queue.length = 0;
    for (let v = 0; v < nv; v++) if (s.mate[v] === -1 && s.label[s.inBlossom[v]!] === 0) s.assignLabel(v, 1, -1);
    let augmented = false;
    for (;;) {
      while (s.queue.length > 0 && !augmented) {
        const v = s.queue.pop()!;
        for (const p of s.neighbEnd[v]!) {
          const k = p >> 1;
          const w = s.endpoint[p]!;
          if (s.inBlossom[v] === s.inBlossom[w]) continue;
          let kslack = 0;
          if (!s.allowEdge[k]) {
            kslack = s.slack(k);
            if (kslack <= 0) s.allowEdge[k] = 1;
          }
          if (s.allowEdge[k]) {
            if (s.label[s.inBlossom[w]!] === 0) s.assignLabel(w, 2, p ^ 1);
            else if (s.label[s.inBlossom[w]!] === 1) {
              const base = s.scanBlossom(v, w);
              if (base >= 0) s.addBlossom(base, k);
              else {
                s.augmentMatching(k);
                augmented = true;
                break;
              }
            } else if (s.label[w] === 0) {
              s.label[w] = 2;
              s.labelEnd[w] = p ^ 1;
            }
          } else if (s.label[s.inBlossom[w]!] === 1) {
            const b = s.inBlossom[v]!;
            if (s.bestEdge[b] === -1 || kslack < s.slack(s.bestEdge[b]!)) s.bestEdge[b] = k;
          } else if (s.label[w] === 0) {
            if (s.bestEdge[w] === -1 || kslack < s.slack(s.bestEdge[w]!)) s.bestEdge[w] = k;
          }
        }
      }
      if (augmented) break;
      let deltaType = -1;
      let delta = 0;
      let deltaEdge = -1;
      let deltaBlossom = -1;
      if (!maxCardinality) {
        deltaType = 1;
        delta = Math.min(...Array.from(s.dualVar.subarray(0, nv)));
      }
      for (let v = 0; v < nv; v++) {
        if (s.label[s.inBlossom[v]!] === 0 && s.bestEdge[v] !== -1) {
          const d = s.slack(s.bestEdge[v]!);
          if (deltaType === -1 || d < delta) [delta, deltaType, deltaEdge] = [d, 2, s.bestEdge[v]!];
        }
      }
      for (let b = 0; b < 2 * nv; b++) {
        if (s.blossomParent[b] === -1 && s.label[b] === 1 && s.bestEdge[b] !== -1) {
          const d = s.slack(s.bestEdge[b]!) / 2;
          if (deltaType === -1 || d < delta) [delta, deltaType, deltaEdge] = [d, 3, s.bestEdge[b]!];
        }
      }
      for (let b = nv; b < 2 * nv; b++) {
        if (s.blossomBase[b]! >= 0 && s.blossomParent[b] === -1 && s.label[b] === 2 && (deltaType === -1 || s.dualVar[b]! < delta)) {
          [delta, deltaType, deltaBlossom] = [s.dualVar[b]!, 4, b];
        }
      }
      if (deltaType === -1) {
        deltaType = 1;
        delta = Math.max(0, Math.min(...Array.from(s.dualVar.subarray(0, nv))));
      }
      for (let v = 0; v < nv; v++) {
        const l = s.label[s.inBlossom[v]!];
        if (l === 1) s.dualVar[v]! -= delta;
        else if (l === 2) s.dualVar[v]! += delta;
      }
      for (let b = nv; b < 2 * nv; b++) {
        if (s.blossomBase[b]! >= 0 && s.blossomParent[b] === -1) {
          if (s.label[b] === 1) s.dualVar[b]! += delta;
          else if (s.label[b] === 2) s.dualVar[b]! -= delta;
        }
      }
      if (deltaType === 1) break;
      if (deltaType === 2) {
        s.allowEdge[deltaEdge] = 1;
        let [i, j] = [s.edges[deltaEdge]![0], s.edges[deltaEdge]![1]];
        if (s.label[s.inBlossom[i]!] === 0) [i, j] = [j, i];
        s.queue.push(i);
      } else if (deltaType === 3) {
        s.allowEdge[deltaEdge] = 1;
        s.queue.push(s.edges[deltaEdge]![0]);
      } else s.expandBlossom(deltaBlossom, false);
    }
    if (!augmented) break;
    for (let b = nv; b < 2 * nv; b++) {
      if (s.blossomParent[b] === -1 && s.blossomBase[b]! >= 0 && s.label[b] === 1 && s.dualVar[b] === 0) s.expandBlossom(b, true);
    }
  }
  const mate = new Int32Array(nv);
  for (let v = 0; v < nv; v++) mate[v] = s.mate[v]! >= 0 ? s.endpoint[s.mate[v]!]! : -1;
  return mate;
}
