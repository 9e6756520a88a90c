// The demo network: synthetic owners (deterministic for a seed) as members, and one admin. Used by `npm run seed:demo`.
import type { Database } from '../db/client.js';
import { PRACTICE_TYPE_LABELS } from '../domain/vocab.js';
import { hashPassword } from '../lib/password.js';
import { syntheticMembers } from '../modules/matching/engine/index.js';
import { ensureAdmin } from '../modules/members/admin-bootstrap.js';
import { insertMembersIfAbsent } from '../modules/members/index.js';
import { profileSchema, type Profile } from '../domain/profile.js';

export const DEMO_PASSWORD = 'peer-to-peer-demo';
export const DEMO_ADMIN = { email: 'admin@demo.practice-peers.test', password: 'admin-demo-password' };
const SUFFIXES = ['Physical Therapy', 'Rehab', 'Therapy Group', 'Performance & Rehab', 'Therapy Associates', 'Wellness'];

export const demoEmail = (i: number) => `owner${String(i + 1).padStart(3, '0')}@demo.practice-peers.test`;

/** Idempotent: owners already there (same seed) are left alone. */
export async function seedDemo(database: Database, { count, seed }: { count: number; seed: number }) {
  const passwordHash = await hashPassword(DEMO_PASSWORD); // one hash for every demo owner: they share the demo password
  const synthetic = syntheticMembers(count, seed);
  const rows = synthetic.map((m, i) => {
    const label = PRACTICE_TYPE_LABELS[m.practiceType].replace(/(^|[\s-])\w/g, (s) => s.toUpperCase());
    const profile: Profile = profileSchema.parse({
      practiceName: `${m.region.city ?? m.region.state} ${label} ${SUFFIXES[i % SUFFIXES.length]}`,
      practiceType: m.practiceType,
      services: m.services,
      clinicians: m.clinicians,
      locations: m.locations,
      yearsInBusiness: m.yearsInBusiness,
      region: m.region,
      timezone: m.timezone,
      goals: m.goals.length ? m.goals : ['grow_referrals'],
      strengths: m.strengths,
      wants: i % 5 === 0 ? ['pair', 'circle', 'alliance'] : i % 3 === 0 ? ['circle'] : ['pair', 'circle'],
      avoidMemberIds: m.avoidMemberIds,
      isTopExecutive: i % 17 !== 0,
      yearsInRole: Math.max(0, m.yearsInBusiness - (i % 4)),
    });
    return {
      id: m.id,
      email: demoEmail(i),
      passwordHash,
      displayName: m.displayName,
      profile,
      status: i % 10 === 9 ? ('pending' as const) : ('active' as const),
    };
  });
  const inserted = await database.db.transaction((tx) => insertMembersIfAbsent(tx, rows));
  const admin = await ensureAdmin(database, DEMO_ADMIN.email, DEMO_ADMIN.password, 'Demo Section Admin');
  return { inserted, total: rows.length, pending: rows.filter((r) => r.status === 'pending').length, adminId: admin.member.id };
}
