// Member shapes that may leave the server: one's own record (with email) and the public one (never email).
import { z } from 'zod';
import { emailText, freeText, nameText } from '../../lib/text.js';
import { goalSchema, practiceTypeSchema, profileOutSchema, publicProfileSchema, registrationProfileSchema } from '../../domain/profile.js';

export const memberStatus = z.enum(['pending', 'active', 'suspended', 'rejected']);
export const memberRole = z.enum(['member', 'admin']);

export const memberSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    role: memberRole,
    status: memberStatus,
    profile: profileOutSchema,
    createdAt: z.string(),
    approvedAt: z.string().nullable(),
  })
  .meta({ id: 'Member' });

export const publicMemberSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    role: memberRole,
    profile: publicProfileSchema,
    createdAt: z.string(),
  })
  .meta({ id: 'PublicMember' });

/** What an admin sees in the review list: the record plus the Peer2Peer eligibility check. */
export const adminMemberSchema = memberSchema
  .extend({
    suspendedReason: z.string().nullable(),
    suspendedUntil: z.string().nullable(),
    rejectedReason: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    eligibility: z.object({
      eligible: z.boolean(),
      isTopExecutive: z.boolean(),
      yearsInRole: z.number().nullable(),
      yearsInBusiness: z.number(),
      notes: z.array(z.string()),
    }),
  })
  .meta({ id: 'AdminMember' });

const adminReason = freeText(3, 500);

export const approveBody = z
  .object({
    override: z.boolean().optional().meta({ description: 'Approve although the eligibility check fails (needs a reason; audited)' }),
    reason: adminReason.optional(),
  })
  .strict()
  .nullish();

export const rejectBody = z.object({ reason: adminReason.meta({ description: 'Shown to the applicant; audited' }) }).strict();

export const directoryQuery = z
  .object({
    q: z.string().trim().min(1).max(80).optional().meta({ description: 'Part of a display or practice name' }),
    practiceType: practiceTypeSchema.optional(),
    state: z.string().trim().min(1).max(64).optional(),
    goal: goalSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export const passwordText = z
  .string()
  .min(12, 'must be at least 12 characters')
  .max(256, 'must be at most 256 characters');

export const registerBody = z
  .object({
    email: emailText,
    password: passwordText,
    displayName: nameText(80),
    profile: registrationProfileSchema,
  })
  .strict();

export const loginBody = z
  .object({
    email: emailText,
    password: z.string().min(1).max(256, 'must be at most 256 characters'),
  })
  .strict();

export type MemberOut = z.infer<typeof memberSchema>;
export type PublicMemberOut = z.infer<typeof publicMemberSchema>;
