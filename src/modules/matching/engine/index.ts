// Public entry of the matching engine: pure, deterministic for a seed, no I/O.
export { runMatching } from './run.js';
export { scorePair, isCompetitor, type PairScore } from './pair.js';
export { defaultWeights } from './config.js';
export { rescore, validateMove, type Rescored, type MoveCheck } from './moves.js';
export { syntheticMembers } from './synthetic.js';
export { suggestBackfill, candidateViolations, type BackfillCandidate, type BackfillCircle, type BackfillRequest } from './backfill.js';
export { CROSS_MODE_REASON } from './soft.js';
export type {
  MatchGroup,
  MatchHistory,
  MatchMember,
  MatchMode,
  MatchOptions,
  MatchRegion,
  MatchResult,
  MatchStats,
  MemberNote,
  UnmatchedMember,
  Violation,
  ViolationCode,
  Weights,
} from './types.js';
