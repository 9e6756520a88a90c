// Soft rules: recent partners from another mode (a pair, a circle, an alliance) score lower, so owners meet new peers.
import { csrHas, type Prepared } from './prepared.js';

/** A pair that recently shared a group of another mode keeps this share of its score. */
export const CROSS_MODE_FACTOR = 0.5;

/** The reason shown wherever the cross-mode soft rule lowered a score. */
export const CROSS_MODE_REASON = 'recently matched together in another mode (pair, circle or alliance): scored down so owners meet new peers';

/** The two members shared a group of another mode recently (history.otherModes). */
export function crossModeRecentIdx(p: Prepared, i: number, j: number): boolean {
  return p.crossRecent.list.length > 0 && csrHas(p.crossRecent, i, j);
}

/** A pair score with the cross-mode soft rule applied. */
export function softened(p: Prepared, i: number, j: number, score: number): number {
  return crossModeRecentIdx(p, i, j) ? score * CROSS_MODE_FACTOR : score;
}
