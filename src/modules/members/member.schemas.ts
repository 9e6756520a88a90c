// Member shapes that may leave the server: one's own record (with email) and the public one (never email).
import { z } from 'zod';
import { emailText, nameText } from '../../lib/text.js';
import { profileOutSchema, publicProfileSchema, registrationProfileSchema } from './profile.schema.js';

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
    eligibility: z.object({
      eligible: z.boolean(),
      isTopExecutive: z.boolean(),
      yearsInRole: z.number().nullable(),
      yearsInBusiness: z.number(),
      notes: z.array(z.string()),
    }),
  })
  .meta({ id: 'AdminMember' });

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
