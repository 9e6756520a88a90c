// Blossom expansion and augmentation of the exact matcher: changes to blossoms and the matching along a path.
import type { BlossomState } from './blossom-state.js';

export function expandBlossom(s: BlossomState, b: number, endStage: boolean): void {
  const childs = s.blossomChilds[b]!;
  for (const c of childs) {
    s.blossomParent[c] = -1;
    if (c < s.nv) s.inBlossom[c] = c;
    else if (endStage && s.dualVar[c] === 0) expandBlossom(s, c, endStage);
    else for (const v of s.leaves(c)) s.inBlossom[v] = c;
  }
  if (!endStage && s.label[b] === 2) {
    const endps = s.blossomEndps[b]!;
    const entryChild = s.inBlossom[s.endpoint[s.labelEnd[b]! ^ 1]!]!;
    let j = childs.indexOf(entryChild);
    let jstep: number;
    let endptrick: number;
    if (j & 1) {
      j -= childs.length;
      jstep = 1;
      endptrick = 0;
    } else {
      jstep = -1;
      endptrick = 1;
    }
    const at = <T>(a: T[], x: number): T => a[x < 0 ? x + a.length : x]!;
    let p = s.labelEnd[b]!;
    while (j !== 0) {
      s.label[s.endpoint[p ^ 1]!] = 0;
      s.label[s.endpoint[at(endps, j - endptrick) ^ endptrick ^ 1]!] = 0;
      s.assignLabel(s.endpoint[p ^ 1]!, 2, p);
      s.allowEdge[at(endps, j - endptrick) >> 1] = 1;
      j += jstep;
      p = at(endps, j - endptrick) ^ endptrick;
      s.allowEdge[p >> 1] = 1;
      j += jstep;
    }
    const bv = at(childs, j);
    s.label[s.endpoint[p ^ 1]!] = s.label[bv] = 2;
    s.labelEnd[s.endpoint[p ^ 1]!] = s.labelEnd[bv] = p;
    s.bestEdge[bv] = -1;
    j += jstep;
    while (at(childs, j) !== entryChild) {
      const sub = at(childs, j);
      if (s.label[sub] === 1) {
        j += jstep;
        continue;
      }
      let reached = -1;
      for (const v of s.leaves(sub)) {
        if (s.label[v] !== 0) {
          reached = v;
          break;
        }
      }
      if (reached >= 0) {
        s.label[reached] = 0;
        s.label[s.endpoint[s.mate[s.blossomBase[sub]!]!]!] = 0;
        s.assignLabel(reached, 2, s.labelEnd[reached]!);
      }
      j += jstep;
    }
  }
  s.label[b] = s.labelEnd[b] = -1;
  s.blossomChilds[b] = s.blossomEndps[b] = null;
  s.blossomBase[b] = -1;
  s.blossomBestEdges[b] = null;
  s.bestEdge[b] = -1;
  s.unusedBlossoms.push(b);
}

export function augmentBlossom(s: BlossomState, b: number, v: number): void {
  let t = v;
  while (s.blossomParent[t] !== b) t = s.blossomParent[t]!;
  if (t >= s.nv) augmentBlossom(s, t, v);
  const childs = s.blossomChilds[b]!;
  const endps = s.blossomEndps[b]!;
  const i = childs.indexOf(t);
  let j = i;
  let jstep: number;
  let endptrick: number;
  if (i & 1) {
    j -= childs.length;
    jstep = 1;
    endptrick = 0;
  } else {
    jstep = -1;
    endptrick = 1;
  }
  const at = <T>(a: T[], x: number): T => a[x < 0 ? x + a.length : x]!;
  while (j !== 0) {
    j += jstep;
    t = at(childs, j);
    const p = at(endps, j - endptrick) ^ endptrick;
    if (t >= s.nv) augmentBlossom(s, t, s.endpoint[p]!);
    j += jstep;
    t = at(childs, j);
    if (t >= s.nv) augmentBlossom(s, t, s.endpoint[p ^ 1]!);
    s.mate[s.endpoint[p]!] = p ^ 1;
    s.mate[s.endpoint[p ^ 1]!] = p;
  }
  s.blossomChilds[b] = [...childs.slice(i), ...childs.slice(0, i)];
  s.blossomEndps[b] = [...endps.slice(i), ...endps.slice(0, i)];
  s.blossomBase[b] = s.blossomBase[s.blossomChilds[b]![0]!]!;
}

export function augmentMatching(s: BlossomState, k: number): void {
  const v = s.eu[k]!;
  const w = s.ev[k]!;
  for (const [s0, p0] of [[v, 2 * k + 1], [w, 2 * k]] as const) {
    let x = s0;
    let p = p0;
    for (;;) {
      const bs = s.inBlossom[x]!;
      if (bs >= s.nv) augmentBlossom(s, bs, x);
      s.mate[x] = p;
      if (s.labelEnd[bs] === -1) break;
      const t = s.endpoint[s.labelEnd[bs]!]!;
      const bt = s.inBlossom[t]!;
      x = s.endpoint[s.labelEnd[bt]!]!;
      const j = s.endpoint[s.labelEnd[bt]! ^ 1]!;
      if (bt >= s.nv) augmentBlossom(s, bt, j);
      s.mate[j] = s.labelEnd[bt]!;
      p = s.labelEnd[bt]! ^ 1;
    }
  }
}
