// Public types of the matching engine: members in, options, results and rule violations out.
import type { Goal, PracticeType } from '../../../domain/vocab.js';

export type MatchMode = 'pairs' | 'circles' | 'alliances';

export interface MatchRegion {
  country: string;
  state: string;
  city?: string | null;
  postalCode?: string | null;
  lat?: number | null;
  lon?: number | null;
}

export interface MatchMember {
  id: string;
  displayName: string;
  practiceType: PracticeType;
  services: PracticeType[];
  clinicians: number;
  locations: number;
  yearsInBusiness: number;
  region: MatchRegion;
  timezone: string;
  goals: Goal[];
  strengths: Goal[];
  avoidMemberIds: string[];
}

/** Each weight lies in [0, 1]; a pair's score is normalised by the sum of the weights that apply. */
export interface Weights {
  practiceType: number;
  goals: number;
  strengths: number;
  size: number;
  stage: number;
  timezone: number;
}

/** Previous rounds of the same mode, newest last: pairs of member ids that shared a group. */
export interface MatchHistory {
  rounds: Array<Array<[string, string]>>;
  /** Pairs who recently shared a group of another mode: a soft rule (lower score, with its own reason), never a hard one. */
  otherModes?: Array<[string, string]>;
}

export interface MatchOptions {
  mode: MatchMode;
  minSize?: number;
  maxSize?: number;
  weights?: Partial<Weights>;
  seed?: number;
  competitorRadiusKm?: number;
  allianceRadiusKm?: number;
  noRepeatRounds?: number;
  history?: MatchHistory;
  timeBudgetMs?: number;
}

export interface MatchGroup {
  memberIds: string[];
  score: number;
  reasons: string[];
}

export interface UnmatchedMember {
  memberId: string;
  reason: string;
}

export interface MemberNote {
  memberId: string;
  note: string;
}

export interface MatchStats {
  members: number;
  groups: number;
  matched: number;
  candidateEdges: number;
  ms: number;
  repeatsAvoided: number;
  repeatsForced: number;
  /** True when a phase stopped on the time budget rather than on convergence. */
  timeLimited: boolean;
  /** 'exact' (proven optimal on every feasible edge) or 'search' (heuristic, bounds below). */
  method: 'exact' | 'search';
  /**
   * Most members any grouping could place (0 violations, group sizes kept). Exact for pairs and
   * alliances when `placementProven`; for circles an upper bound from the compatibility graph.
   */
  placementBound: number;
  placementProven: boolean;
  /** Upper bound on the objective from an LP (pairs: the blossom's dual), when one was computed. */
  lpBound?: number;
  /** Upper bound from each member's best feasible scores (always valid, often loose). */
  scoreBound: number;
}

export interface MatchResult {
  mode: MatchMode;
  groups: MatchGroup[];
  unmatched: UnmatchedMember[];
  notes: MemberNote[];
  objective: number;
  upperBound: number;
  ratio: number;
  stats: MatchStats;
}

export type ViolationCode =
  | 'COMPETITORS'
  | 'AVOIDED'
  | 'GROUP_FULL'
  | 'GROUP_SIZE'
  | 'REPEAT'
  | 'NOT_NEARBY'
  | 'NOT_COMPLEMENTARY'
  | 'DUPLICATE_MEMBER'
  | 'UNKNOWN_MEMBER'
  | 'UNKNOWN_GROUP';

export interface Violation {
  code: ViolationCode;
  message: string;
  memberIds: string[];
  /** Index of the group concerned, or null for the unmatched list. */
  group: number | null;
}
