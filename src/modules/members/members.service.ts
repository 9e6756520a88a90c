// Member profiles, the member directory, and the admin's approval or rejection of registrations.
import type { Database } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { recordAudit } from '../audit/index.js';
import type { Notifier } from '../notifications/port.js';
import { eligibility } from './members.mapper.js';
import {
  countActiveByPracticeType,
  countMembersByStatus,
  findMemberById,
  listDirectory,
  listMembers,
  setMemberStatus,
  updateMemberProfile,
  type DirectoryFilter,
  type MemberRow,
  type MemberListFilter,
} from './members.repo.js';
import { profileSchema, type Profile } from '../../domain/profile.js';

export interface MembersDeps {
  database: Database;
  /** Tells applicants they were approved or rejected, in the same transaction. */
  notifier?: Notifier;
}

export function createMembersService({ database, notifier }: MembersDeps) {
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

  async function list(filter: MemberListFilter) {
    return listMembers(db, filter);
  }

  /** Approving an applicant who fails the eligibility check needs override and a reason; both land in the audit entry. */
  async function approve(adminId: string, id: string, body: { override?: boolean; reason?: string } = {}): Promise<MemberRow> {
    if (body.override && !body.reason) throw Errors.badRequest('REASON_REQUIRED', 'An override needs a reason (it is written to the audit log)');
    return db.transaction(async (tx) => {
      const current = await findMemberById(tx, id);
      if (!current) throw Errors.notFound('Member');
      if (current.status !== 'pending') throw Errors.conflict(`Member is ${current.status}, not pending`, 'NOT_PENDING');
      const check = eligibility(current.profile);
      if (!check.eligible && !body.override) {
        throw Errors.unprocessable('NOT_ELIGIBLE', `This applicant fails the eligibility check: ${check.notes.join('; ')}. Approve with override: true and a reason, or reject.`);
      }
      const row = await setMemberStatus(tx, id, 'pending', { status: 'active', approvedAt: new Date(), approvedBy: adminId });
      if (!row) throw Errors.conflict('Member is no longer pending', 'NOT_PENDING');
      await recordAudit(tx, {
        actorId: adminId,
        action: 'member.approve',
        targetType: 'member',
        targetId: id,
        reason: body.reason ?? null,
        details: { eligible: check.eligible, notes: check.notes, override: !check.eligible },
      });
      await notifier?.notify(tx, { memberId: id, kind: 'registration_approved', data: {}, dedupeKey: `registration_approved:${id}` });
      return row;
    });
  }

  /** pending → rejected: the applicant can no longer log in and is told why (login answers with the reason; a notification). */
  async function reject(adminId: string, id: string, reason: string): Promise<MemberRow> {
    return db.transaction(async (tx) => {
      const current = await findMemberById(tx, id);
      if (!current) throw Errors.notFound('Member');
      if (current.status !== 'pending') throw Errors.conflict(`Only pending applications can be rejected; this member is ${current.status}`, 'NOT_PENDING');
      const row = await setMemberStatus(tx, id, 'pending', { status: 'rejected', rejectedReason: reason, rejectedAt: new Date(), rejectedBy: adminId });
      if (!row) throw Errors.conflict('Member is no longer pending', 'NOT_PENDING');
      await recordAudit(tx, { actorId: adminId, action: 'member.reject', targetType: 'member', targetId: id, reason, details: { eligibility: eligibility(current.profile) } });
      await notifier?.notify(tx, { memberId: id, kind: 'registration_rejected', data: { reason }, dedupeKey: `registration_rejected:${id}` });
      return row;
    });
  }

  return {
    get,
    getPublic,
    updateProfile,
    list,
    approve,
    reject,
    directory: (filter: DirectoryFilter) => listDirectory(db, filter),
    /** Members per status and active members per practice type (the admin's overview). */
    counts: async () => {
      const [byStatus, activeByPracticeType] = await Promise.all([countMembersByStatus(db), countActiveByPracticeType(db)]);
      return { byStatus, activeByPracticeType };
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
