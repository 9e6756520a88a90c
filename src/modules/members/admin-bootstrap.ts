// Creates (or promotes) an admin account: used at start from ADMIN_EMAIL/ADMIN_PASSWORD and by `npm run admin -- create`.
import { eq } from 'drizzle-orm';
import { one } from '../../db/sql.js';
import type { Database } from '../../db/client.js';
import { members } from '../../db/schema/index.js';
import { recordAudit } from '../audit/index.js';
import { hashPassword } from '../../lib/password.js';
import { findMemberByEmail, insertMember } from './members.repo.js';
import { profileSchema } from '../../domain/profile.js';

export const ADMIN_PROFILE = profileSchema.parse({
  practiceName: 'Section administration',
  practiceType: 'other',
  clinicians: 1,
  locations: 1,
  yearsInBusiness: 0,
  region: { country: 'US', state: 'Virginia' },
  timezone: 'America/New_York',
  goals: ['community_partnerships'],
  wants: [],
  isTopExecutive: false,
});

/** Idempotent: an existing account with that email becomes an active admin; its password is left alone. */
export async function ensureAdmin(database: Database, email: string, password: string, displayName = 'Section Admin') {
  const normalized = email.trim().toLowerCase();
  return database.db.transaction(async (tx) => {
    const existing = await findMemberByEmail(tx, normalized);
    if (existing) {
      if (existing.role === 'admin' && existing.status === 'active') return { member: existing, created: false };
      const row = one(await tx
        .update(members)
        .set({ role: 'admin', status: 'active', approvedAt: existing.approvedAt ?? new Date(), updatedAt: new Date() })
        .where(eq(members.id, existing.id))
        .returning());
      await recordAudit(tx, { actorId: null, action: 'member.promote_admin', targetType: 'member', targetId: row.id, reason: 'bootstrap' });
      return { member: row, created: false };
    }
    const member = await insertMember(tx, {
      email: normalized,
      passwordHash: await hashPassword(password),
      displayName,
      profile: ADMIN_PROFILE,
      status: 'active',
      role: 'admin',
    });
    await recordAudit(tx, { actorId: null, action: 'member.create_admin', targetType: 'member', targetId: member.id, reason: 'bootstrap' });
    return { member, created: true };
  });
}
