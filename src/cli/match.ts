// CLI: run the matching engine on a JSON file of members and print the result (npm run match -- --input f --mode m).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GOALS, PRACTICE_TYPES } from '../domain/vocab.js';
import { runMatching } from '../modules/matching/engine/index.js';
import type { MatchMember, MatchOptions } from '../modules/matching/engine/types.js';

const coordinate = z.number().finite().nullable().optional();
const memberSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().min(1),
  practiceType: z.enum(PRACTICE_TYPES),
  services: z.array(z.enum(PRACTICE_TYPES)).default([]),
  clinicians: z.number().int().min(1),
  locations: z.number().int().min(1),
  yearsInBusiness: z.number().int().min(0),
  region: z.object({
    country: z.string().min(1),
    state: z.string(),
    city: z.string().nullable().optional(),
    postalCode: z.string().nullable().optional(),
    lat: coordinate.refine((v) => v == null || Math.abs(v) <= 90, 'latitude must be between -90 and 90'),
    lon: coordinate.refine((v) => v == null || Math.abs(v) <= 180, 'longitude must be between -180 and 180'),
  }),
  timezone: z.string().min(1),
  goals: z.array(z.enum(GOALS)).max(5).default([]),
  strengths: z.array(z.enum(GOALS)).max(5).default([]),
  avoidMemberIds: z.array(z.string()).default([]),
});
const membersSchema = z.array(memberSchema).superRefine((ms, ctx) => {
  const seen = new Set<string>();
  ms.forEach((m, i) => {
    if (seen.has(m.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate member id "${m.id}"` });
    seen.add(m.id);
  });
});
const historySchema = z.object({ rounds: z.array(z.array(z.tuple([z.string(), z.string()]))) });

const USAGE = 'usage: npm run match -- --input members.json --mode pairs|circles|alliances [--min 5 --max 8 --seed 1 --history history.json --time-budget ms]';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    fail(`cannot read ${what} file ${path}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    fail(`${what} file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

function issues(error: z.ZodError, what: string): string {
  const lines = error.issues.slice(0, 20).map((i) => `  ${what}${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${i.message}`);
  const more = error.issues.length > 20 ? `\n  …and ${error.issues.length - 20} more` : '';
  return `invalid ${what} file:\n${lines.join('\n')}${more}`;
}

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

function main(): void {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        input: { type: 'string' },
        mode: { type: 'string' },
        min: { type: 'string' },
        max: { type: 'string' },
        seed: { type: 'string' },
        history: { type: 'string' },
        'time-budget': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.input) fail(`--input is required\n${USAGE}`);
  const mode = values.mode ?? 'pairs';
  if (mode !== 'pairs' && mode !== 'circles' && mode !== 'alliances') fail(`--mode must be pairs, circles or alliances, got "${mode}"`);
  const parsed = membersSchema.safeParse(readJson(values.input, 'members'));
  if (!parsed.success) fail(issues(parsed.error, 'members'));
  const options: MatchOptions = { mode };
  const min = intOption('min', values.min);
  const max = intOption('max', values.max);
  const seed = intOption('seed', values.seed);
  const budget = intOption('time-budget', values['time-budget']);
  if (min !== undefined) options.minSize = min;
  if (max !== undefined) options.maxSize = max;
  if (seed !== undefined) options.seed = seed;
  if (budget !== undefined) options.timeBudgetMs = budget;
  if (values.history) {
    const h = historySchema.safeParse(readJson(values.history, 'history'));
    if (!h.success) fail(issues(h.error, 'history'));
    options.history = h.data;
  }
  try {
    const result = runMatching(parsed.data as MatchMember[], options);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (err) {
    if (err instanceof RangeError) fail(err.message);
    throw err;
  }
}

main();
