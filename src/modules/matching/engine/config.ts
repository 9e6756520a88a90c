// Engine defaults and option resolution: weights, group sizes, radii, time budget, the COMPLEMENTARY table.
import { GOALS, PRACTICE_TYPES, type Goal, type PracticeType } from '../../../domain/vocab.js';
import type { MatchHistory, MatchMode, MatchOptions, Weights } from './types.js';

/** Practice type and goals weigh most: peers learn most from owners running the same kind of practice. */
export const defaultWeights: Readonly<Weights> = Object.freeze({
  practiceType: 1,
  goals: 1,
  strengths: 0.6,
  size: 0.4,
  stage: 0.3,
  timezone: 0.3,
});

export const WEIGHT_KEYS = ['practiceType', 'goals', 'strengths', 'size', 'stage', 'timezone'] as const;

/**
 * Practice types that complement each other (symmetric), with an affinity in (0, 1).
 * Used twice: a peer of a complementary type scores part of the practice-type weight, and an
 * alliance needs one service line of each side to complement one of the other (a physical therapy
 * clinic and an occupational therapy or speech-language clinic in the same town).
 */
export const COMPLEMENTARY: ReadonlyArray<readonly [PracticeType, PracticeType, number]> = [
  ['outpatient_orthopedic', 'sports', 0.7],
  ['outpatient_orthopedic', 'hand_therapy', 0.6],
  ['outpatient_orthopedic', 'occupational_therapy', 0.6],
  ['outpatient_orthopedic', 'speech_language', 0.4],
  ['outpatient_orthopedic', 'aquatic', 0.5],
  ['outpatient_orthopedic', 'cash_based', 0.5],
  ['outpatient_orthopedic', 'pelvic_health', 0.4],
  ['sports', 'cash_based', 0.6],
  ['sports', 'aquatic', 0.4],
  ['sports', 'occupational_therapy', 0.4],
  ['pediatric', 'speech_language', 0.8],
  ['pediatric', 'occupational_therapy', 0.8],
  ['neurologic', 'vestibular', 0.7],
  ['neurologic', 'occupational_therapy', 0.6],
  ['neurologic', 'speech_language', 0.6],
  ['neurologic', 'geriatric', 0.5],
  ['geriatric', 'home_health', 0.7],
  ['geriatric', 'vestibular', 0.5],
  ['geriatric', 'aquatic', 0.5],
  ['geriatric', 'occupational_therapy', 0.5],
  ['geriatric', 'speech_language', 0.4],
  ['pelvic_health', 'cash_based', 0.5],
  ['pelvic_health', 'occupational_therapy', 0.3],
  ['hand_therapy', 'occupational_therapy', 0.8],
  ['vestibular', 'speech_language', 0.3],
  ['aquatic', 'occupational_therapy', 0.3],
  ['multidisciplinary', 'outpatient_orthopedic', 0.5],
  ['multidisciplinary', 'occupational_therapy', 0.5],
  ['multidisciplinary', 'speech_language', 0.5],
  ['multidisciplinary', 'pediatric', 0.5],
  ['multidisciplinary', 'neurologic', 0.5],
  ['home_health', 'occupational_therapy', 0.5],
  ['home_health', 'speech_language', 0.5],
  ['cash_based', 'occupational_therapy', 0.3],
];

export const TYPE_STRIDE = 16;
export const TYPE_INDEX = new Map<PracticeType, number>(PRACTICE_TYPES.map((t, i) => [t, i]));
export const GOAL_INDEX = new Map<Goal, number>(GOALS.map((g, i) => [g, i]));

/** Affinity of two practice types for peers: 1 for the same type, the table's value when complementary. */
export const TYPE_AFFINITY: Float64Array = (() => {
  const m = new Float64Array(TYPE_STRIDE * TYPE_STRIDE);
  for (let i = 0; i < PRACTICE_TYPES.length; i++) m[i * TYPE_STRIDE + i] = 1;
  for (const [a, b, v] of COMPLEMENTARY) {
    const ia = TYPE_INDEX.get(a)!;
    const ib = TYPE_INDEX.get(b)!;
    m[ia * TYPE_STRIDE + ib] = v;
    m[ib * TYPE_STRIDE + ia] = v;
  }
  return m;
})();

/** Goals that make an owner a candidate for a local alliance. */
export const PARTNERSHIP_GOALS: readonly Goal[] = ['community_partnerships', 'grow_referrals'];
export const PARTNERSHIP_MASK = PARTNERSHIP_GOALS.reduce((m, g) => m | (1 << GOAL_INDEX.get(g)!), 0);

export interface ResolvedOptions {
  mode: MatchMode;
  minSize: number;
  maxSize: number;
  weights: Weights;
  seed: number;
  competitorRadiusKm: number;
  allianceRadiusKm: number;
  noRepeatRounds: number;
  history: MatchHistory;
  timeBudgetMs: number;
}

export function resolveWeights(partial: Partial<Weights> | undefined): Weights {
  const w: Weights = { ...defaultWeights };
  for (const key of WEIGHT_KEYS) {
    const v = partial?.[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 1) {
      throw new RangeError(`weight "${key}" must be a number between 0 and 1`);
    }
    w[key] = v;
  }
  if (WEIGHT_KEYS.every((k) => w[k] === 0)) throw new RangeError('at least one weight must be above 0');
  return w;
}

function positive(name: string, v: number | undefined, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    throw new RangeError(`${name} must be a non-negative ${integer ? 'integer' : 'number'}`);
  }
  return v;
}

/** Fills in defaults and rejects impossible options with plain messages (RangeError). */
export function resolveOptions(options: MatchOptions, memberCount: number): ResolvedOptions {
  const mode = options.mode;
  if (mode !== 'pairs' && mode !== 'circles' && mode !== 'alliances') {
    throw new RangeError('mode must be "pairs", "circles" or "alliances"');
  }
  const defMin = mode === 'circles' ? 5 : 2;
  const defMax = mode === 'circles' ? 8 : 2;
  const minSize = positive('minSize', options.minSize, defMin, true);
  const maxSize = positive('maxSize', options.maxSize, Math.max(defMax, minSize), true);
  if (minSize < 2) throw new RangeError('minSize must be at least 2');
  if (maxSize < minSize) throw new RangeError('maxSize must be at least minSize');
  if (maxSize > 64) throw new RangeError('maxSize must be at most 64');
  return {
    mode,
    minSize,
    maxSize,
    weights: resolveWeights(options.weights),
    seed: Math.floor(positive('seed', options.seed, 1)) >>> 0,
    competitorRadiusKm: positive('competitorRadiusKm', options.competitorRadiusKm, 40),
    allianceRadiusKm: positive('allianceRadiusKm', options.allianceRadiusKm, 30),
    noRepeatRounds: positive('noRepeatRounds', options.noRepeatRounds, 3, true),
    history: options.history ?? { rounds: [] },
    // A safety cap, not the normal stopping rule: searches stop on convergence well before it.
    timeBudgetMs: positive('timeBudgetMs', options.timeBudgetMs, Math.min(120_000, 30_000 + 0.5 * memberCount)),
  };
}
