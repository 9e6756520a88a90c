// Checks a new round's options (weights, group sizes per mode) and fills in defaults, with a clear code for each mistake.
import { randomInt } from 'node:crypto';
import type { Config } from '../../config.js';
import { Errors } from '../../errors.js';
import { defaultWeights, type Weights } from './engine/index.js';
import type { RoundParams } from './draft.js';
import type { CreateRoundBody } from './matching.schemas.js';

export const CIRCLE_MIN = 3;
export const CIRCLE_MAX = 16;
const CIRCLE_DEFAULT_MIN = 5;
const CIRCLE_DEFAULT_MAX = 8;

function resolveWeights(given: CreateRoundBody['weights']): Weights {
  const weights: Weights = { ...defaultWeights };
  for (const [key, value] of Object.entries(given ?? {}) as Array<[keyof Weights, number | undefined]>) {
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw Errors.badRequest('INVALID_WEIGHTS', `weights.${key} must be between 0 and 1 (got ${value})`);
    }
    weights[key] = value;
  }
  if (Object.values(weights).every((w) => w === 0)) throw Errors.badRequest('INVALID_WEIGHTS', 'at least one weight must be above 0');
  return weights;
}

function resolveSizes(body: CreateRoundBody): { minSize: number; maxSize: number } {
  const { minSize, maxSize } = body;
  if (minSize !== undefined && maxSize !== undefined && minSize > maxSize) {
    throw Errors.badRequest('INVALID_GROUP_SIZE', `minSize (${minSize}) is above maxSize (${maxSize})`);
  }
  if (body.mode !== 'circles') {
    if ((minSize !== undefined && minSize !== 2) || (maxSize !== undefined && maxSize !== 2)) {
      throw Errors.badRequest('INVALID_GROUP_SIZE', `${body.mode} are groups of exactly 2: minSize and maxSize must be 2`);
    }
    return { minSize: 2, maxSize: 2 };
  }
  const min = minSize ?? (maxSize !== undefined ? Math.min(CIRCLE_DEFAULT_MIN, maxSize) : CIRCLE_DEFAULT_MIN);
  const max = maxSize ?? Math.max(CIRCLE_DEFAULT_MAX, min);
  if (min < CIRCLE_MIN || max > CIRCLE_MAX) {
    throw Errors.badRequest('INVALID_GROUP_SIZE', `circles take ${CIRCLE_MIN}–${CIRCLE_MAX} members (asked for ${min}–${max})`);
  }
  return { minSize: min, maxSize: max };
}

/** Everything the engine needs except the members; nothing here reads the database. */
export function resolveRoundOptions(body: CreateRoundBody, config: Config): Omit<RoundParams, 'memberIds' | 'explicitMembers'> {
  const sizes = resolveSizes(body);
  return {
    mode: body.mode,
    ...sizes,
    weights: resolveWeights(body.weights),
    // A random seed is still recorded, so the draft can be reproduced.
    seed: body.seed ?? randomInt(0, 2 ** 32 - 1),
    competitorRadiusKm: config.COMPETITOR_RADIUS_KM,
    allianceRadiusKm: config.ALLIANCE_RADIUS_KM,
    noRepeatRounds: config.NO_REPEAT_ROUNDS,
  };
}
