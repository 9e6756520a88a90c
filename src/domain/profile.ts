// The practice profile: validated shape, the partial update, and what the public sees.
import { z } from 'zod';
import { GOALS, PRACTICE_TYPES, WANTS } from './vocab.js';
import { freeText, nameText } from '../lib/text.js';

/** An IANA zone name as the runtime's ICU knows it (aliases such as America/Indiana/Indianapolis included). */
function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z]+(?:[/_-][A-Za-z0-9+-]+)*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timezoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone name such as America/Chicago');

const uniqueList = <T extends z.ZodType>(item: T, min: number, max: number, what: string) =>
  z
    .array(item)
    .min(min, `needs at least ${min} ${what}`)
    .max(max, `takes at most ${max} ${what}`)
    .refine((list) => new Set(list).size === list.length, `must not repeat ${what}`);

export const practiceTypeSchema = z.enum(PRACTICE_TYPES);
export const goalSchema = z.enum(GOALS);

export const regionSchema = z.object({
  country: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO country code')
    .transform((s) => s.toUpperCase()),
  state: nameText(64),
  city: nameText(96).nullish(),
  postalCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 -]{2,12}$/, 'must be 2-12 letters, digits, spaces or dashes')
    .nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
}).strict().refine((r) => (r.lat == null) === (r.lon == null), { message: 'lat and lon go together', path: ['lat'] });

export const profileSchema = z.object({
  practiceName: nameText(120),
  practiceType: practiceTypeSchema,
  services: uniqueList(practiceTypeSchema, 0, PRACTICE_TYPES.length, 'services').default([]),
  clinicians: z.number().int().min(1).max(10_000),
  locations: z.number().int().min(1).max(1_000),
  yearsInBusiness: z.number().int().min(0).max(150),
  region: regionSchema,
  timezone: timezoneSchema,
  goals: uniqueList(goalSchema, 1, 5, 'goals'),
  strengths: uniqueList(goalSchema, 0, 5, 'strengths').default([]),
  wants: uniqueList(z.enum(WANTS), 0, WANTS.length, 'wants').default(['pair', 'circle']),
  avoidMemberIds: uniqueList(z.uuid(), 0, 100, 'member ids').default([]),
  /** Eligibility answers: required at registration (no default: an applicant who never answered is not assumed eligible). */
  isTopExecutive: z.boolean({ error: 'is required: are you the top executive (owner, CEO) of the practice?' }),
  /** Years in the top role; optional only for profiles stored before it was asked (registration requires it). */
  yearsInRole: z.number().int().min(0).max(80).optional(),
  /** Leave me out of the member directory (GET /members); circles and Q&A still show me. */
  hideFromDirectory: z.boolean().default(false),
  bio: freeText(0, 2000).optional(),
}).strict();

export type Profile = z.output<typeof profileSchema>;

/** What an applicant sends: the profile with every eligibility answer (top executive, years in the role, years in business) required. */
export const registrationProfileSchema = profileSchema.extend({
  yearsInRole: z.number({ error: 'is required: how many years have you been in the top role?' }).int().min(0).max(80),
});

/** A partial update: any subset of fields, each validated as in the full profile; the merged result is re-validated. */
export const profilePatchSchema = z
  .object({
    practiceName: profileSchema.shape.practiceName,
    practiceType: profileSchema.shape.practiceType,
    services: uniqueList(practiceTypeSchema, 0, PRACTICE_TYPES.length, 'services'),
    clinicians: profileSchema.shape.clinicians,
    locations: profileSchema.shape.locations,
    yearsInBusiness: profileSchema.shape.yearsInBusiness,
    region: regionSchema,
    timezone: timezoneSchema,
    goals: profileSchema.shape.goals,
    strengths: uniqueList(goalSchema, 0, 5, 'strengths'),
    wants: uniqueList(z.enum(WANTS), 0, WANTS.length, 'wants'),
    avoidMemberIds: uniqueList(z.uuid(), 0, 100, 'member ids'),
    isTopExecutive: z.boolean(),
    yearsInRole: z.number().int().min(0).max(80),
    hideFromDirectory: z.boolean(),
    bio: profileSchema.shape.bio,
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'at least one profile field is required');

/** Output shape of a profile: what may leave the server. */
export const profileOutSchema = z.object({
  practiceName: z.string(),
  practiceType: practiceTypeSchema,
  services: z.array(practiceTypeSchema),
  clinicians: z.number(),
  locations: z.number(),
  yearsInBusiness: z.number(),
  region: z.object({
    country: z.string(),
    state: z.string(),
    city: z.string().nullish(),
    postalCode: z.string().nullish(),
    lat: z.number().nullish(),
    lon: z.number().nullish(),
  }),
  timezone: z.string(),
  goals: z.array(goalSchema),
  strengths: z.array(goalSchema),
  wants: z.array(z.enum(WANTS)),
  avoidMemberIds: z.array(z.string()),
  isTopExecutive: z.boolean(),
  yearsInRole: z.number().optional(),
  hideFromDirectory: z.boolean().optional(),
  bio: z.string().optional(),
});

/** What other members see: no avoid list (private), no exact coordinates or postal code. */
export const publicProfileSchema = profileOutSchema.omit({ avoidMemberIds: true, hideFromDirectory: true }).extend({
  region: z.object({ country: z.string(), state: z.string(), city: z.string().nullish() }),
});
