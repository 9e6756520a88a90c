// Member profiles and the admin's approval of registrations.
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/audit.repo.js';
import { findMemberById, listMembers, setMemberStatus, updateMemberProfile, type MemberRow, type MemberStatus } from './members.repo.js';
import { profileSchema, type Profile } from './profile.schema.js';

export function createMembersService({ database }: { database: Database }) {
  const { db } = database;

  async function get(id: string): Promise<MemberRow> {
    const row = await findMemberById(db, id);
    if (!row) throw Errors.notFound('Member');
    return row;
  }

  /** Public profiles are for active members; pending and suspended ones are not shown to peers. */
  async function getPublic(id: string, viewerIsAdmin: boolean): Promise<MemberRow> {
    const row = await findMemberById(db, id);
    if (!row || (!viewerIsAdmin && row.status !== 'active')) throw Errors.notFound('Member');
    return row;
  }

  async function updateProfile(id: string, patch: Partial<Profile>): Promise<MemberRow> {
    return db.transaction(async (tx) => {
      const current = await findMemberById(tx, id);
      if (!current) throw Errors.notFound('Member');
      const merged = profileSchema.safeParse({ ...current.profile, ...patch });
      if (!merged.success) throw Errors.validation(`profile: ${merged.error.issues[0]?.message}`);
      if (merged.data.avoidMemberIds.includes(id)) throw Errors.validation('profile.avoidMemberIds: must not include yourself');
      return (await updateMemberProfile(tx, id, merged.data))!;
    });
  }

  async function list(filter: { status?: MemberStatus; limit: number; after?: { createdAt: string; id: string } }) {
    return listMembers(db, filter);
  }

  async function approve(adminId: string, id: string): Promise<MemberRow> {
    return db.transaction(async (tx) => {
      const current = await findMemberById(tx, id);
      if (!current) throw Errors.notFound('Member');
      if (current.status !== 'pending') throw Errors.conflict(`Member is ${current.status}, not pending`, 'NOT_PENDING');
      const row = await setMemberStatus(tx, id, 'pending', { status: 'active', approvedAt: new Date(), approvedBy: adminId });
      if (!row) throw Errors.conflict('Member is no longer pending', 'NOT_PENDING');
      await recordAudit(tx, { actorId: adminId, action: 'member.approve', targetType: 'member', targetId: id });
      return row;
    });
  }

  return { get, getPublic, updateProfile, list, approve };
}

export type MembersService = ReturnType<typeof createMembersService>;
