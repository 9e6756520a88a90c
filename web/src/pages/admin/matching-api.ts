// The matching console's API types (from the server's zod schemas, type-only), the weights, and the hard rules in plain words.
import type { z } from 'zod';
import type { createRoundBody, moveBody, moveTargetsSchema, roundSchema, roundSummarySchema } from '../../../../src/modules/matching/matching.schemas.js';
import { api, ApiError } from '../../api.js';

export type Round = z.output<typeof roundSchema>;
export type RoundSummary = z.output<typeof roundSummarySchema>;
export type RoundGroup = Round['groups'][number];
export type CreateRound = z.input<typeof createRoundBody>;
export type Mode = CreateRound['mode'];
export type MoveInput = Omit<z.input<typeof moveBody>, 'version' | 'dryRun'>;
export type MoveTargets = z.output<typeof moveTargetsSchema>;

export const roundPath = (id: string) => `/admin/matching/rounds/${id}`;

/** The engine's weights, in the order the form shows them, with their defaults (docs/matching.md). */
export const WEIGHTS = [
  { key: 'practiceType', label: 'Practice type', hint: 'same type, or a complementary one', value: 1 },
  { key: 'goals', label: 'Shared goals', hint: 'goals in common', value: 1 },
  { key: 'strengths', label: 'Strengths meet goals', hint: 'what one is good at, the other wants', value: 0.6 },
  { key: 'size', label: 'Practice size', hint: 'clinicians and locations', value: 0.4 },
  { key: 'stage', label: 'Stage', hint: 'years in business', value: 0.3 },
  { key: 'timezone', label: 'Time zone', hint: 'easy to meet', value: 0.3 },
] as const;
export type WeightKey = (typeof WEIGHTS)[number]['key'];

export const MODES: { value: Mode; label: string; hint: string }[] = [
  { value: 'circles', label: 'Circles', hint: 'groups of 3–16 peers' },
  { value: 'pairs', label: 'Pairs', hint: 'two peers' },
  { value: 'alliances', label: 'Alliances', hint: 'two nearby, complementary practices' },
];

/** Each hard rule (the 409's code) in plain words. */
const RULES: Record<string, { title: string; explain: string }> = {
  COMPETITORS: { title: 'Competitors in one group', explain: 'Two members would sell the same services within the competitor radius of each other.' },
  AVOIDED: { title: 'Someone asked not to meet this member', explain: 'One of them put the other on their list of people to avoid.' },
  REPEAT: { title: 'Matched together recently', explain: 'They already shared a group in one of the last rounds of this kind.' },
  NOT_NEARBY: { title: 'Too far apart for an alliance', explain: 'Alliance partners must be nearby (same postal area, city, or within the alliance radius).' },
  NOT_COMPLEMENTARY: { title: 'Nothing to offer each other', explain: 'Alliance partners need complementary services.' },
  GROUP_FULL: { title: 'The group is full', explain: 'The group already has the largest size this round allows.' },
  GROUP_SIZE: { title: 'A group would be the wrong size', explain: 'A group would end up smaller or larger than this round allows.' },
};

export interface RuleBreak {
  code: string;
  title: string;
  explain: string;
  /** The server's sentences, one per broken rule ("Dana and Sam are competitors: …"). */
  details: string[];
}

/** The API counts groups from 0; the console from 1. */
export const groupLabel = (index: number) => `Group ${index + 1}`;
const humanGroups = (text: string) => text.replace(/\bgroup (\d+)\b/g, (_m, n: string) => `group ${Number(n) + 1}`);

const sentence = (s: string) => humanGroups(s.charAt(0).toUpperCase() + s.slice(1));

/** A target the check marks as breaking rules, in plain words (null when allowed or not a rule the console knows). */
export function ruleOfTarget(target: MoveTargets['targets'][number]): RuleBreak | null {
  if (target.allowed || !target.code || !RULES[target.code]) return null;
  return { code: target.code, ...RULES[target.code]!, details: target.violations.map((v) => sentence(v.message)) };
}

/** A hard-rule 409 as plain words, or null for any other error. */
export function ruleBreak(err: unknown): RuleBreak | null {
  if (!(err instanceof ApiError) || err.statusCode !== 409 || !RULES[err.code]) return null;
  const body = err.message.replace(/^This (move|swap) breaks a hard rule\.\s*/, '').replace(/\.?\s*Send override: true.*$/, '');
  const details = body
    .split(/;\s+(?=[A-Z_]{4,}: )/)
    .map((part) => part.replace(/^[A-Z_]{4,}:\s*/, ''))
    .filter(Boolean)
    .map(sentence);
  return { code: err.code, ...RULES[err.code]!, details };
}

/** Sends a move or swap at the draft's version. */
export function sendMove(round: Round, move: MoveInput & { override?: boolean; reason?: string }): Promise<Round> {
  return api<Round>(`${roundPath(round.id)}/moves`, { method: 'POST', body: { ...move, version: round.version } });
}

/** Member id → display name, from the groups and the unmatched list. */
export function namesOf(round: Round): Map<string, string> {
  const names = new Map<string, string>();
  for (const g of round.groups) for (const m of g.members) names.set(m.id, m.displayName);
  for (const u of round.unmatched) names.set(u.memberId, u.displayName ?? 'A member');
  return names;
}

export const fixed = (n: number, digits = 2) => (Math.round(n * 10 ** digits) / 10 ** digits).toFixed(digits);
