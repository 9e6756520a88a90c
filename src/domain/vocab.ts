// The network's shared vocabulary (the profile fields of the public API): practice types, goals, wants.
export const PRACTICE_TYPES = [
  'outpatient_orthopedic',
  'sports',
  'pediatric',
  'neurologic',
  'pelvic_health',
  'geriatric',
  'vestibular',
  'hand_therapy',
  'aquatic',
  'occupational_therapy',
  'speech_language',
  'multidisciplinary',
  'cash_based',
  'home_health',
  'other',
] as const;
export type PracticeType = (typeof PRACTICE_TYPES)[number];

export const GOALS = [
  'grow_referrals',
  'marketing',
  'hiring_retention',
  'leadership',
  'add_location',
  'cash_services',
  'payer_contracting',
  'billing_collections',
  'technology_emr',
  'exit_succession',
  'compliance',
  'financial_benchmarking',
  'strategic_planning',
  'community_partnerships',
  'work_life_balance',
] as const;
export type Goal = (typeof GOALS)[number];

export const WANTS = ['pair', 'circle', 'alliance'] as const;
export type Want = (typeof WANTS)[number];

export const GOAL_LABELS: Record<Goal, string> = {
  grow_referrals: 'growing referrals',
  marketing: 'marketing',
  hiring_retention: 'hiring and retention',
  leadership: 'leadership',
  add_location: 'adding a location',
  cash_services: 'cash-based services',
  payer_contracting: 'payer contracting',
  billing_collections: 'billing and collections',
  technology_emr: 'technology and EMR',
  exit_succession: 'exit and succession planning',
  compliance: 'compliance',
  financial_benchmarking: 'financial benchmarking',
  strategic_planning: 'strategic planning',
  community_partnerships: 'community partnerships',
  work_life_balance: 'work-life balance',
};

export const PRACTICE_TYPE_LABELS: Record<PracticeType, string> = {
  outpatient_orthopedic: 'outpatient orthopedic',
  sports: 'sports',
  pediatric: 'pediatric',
  neurologic: 'neurologic',
  pelvic_health: 'pelvic health',
  geriatric: 'geriatric',
  vestibular: 'vestibular',
  hand_therapy: 'hand therapy',
  aquatic: 'aquatic',
  occupational_therapy: 'occupational therapy',
  speech_language: 'speech-language',
  multidisciplinary: 'multidisciplinary',
  cash_based: 'cash-based',
  home_health: 'home health',
  other: 'other',
};
