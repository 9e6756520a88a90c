// Turns member rows into the shapes that leave the server.
import type { MemberRow } from './members.repo.js';
import type { MemberOut, PublicMemberOut } from './member.schemas.js';
import type { Profile } from '../../domain/profile.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMember(row: MemberRow): MemberOut {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    status: row.status,
    profile: row.profile,
    createdAt: row.createdAt.toISOString(),
    approvedAt: iso(row.approvedAt),
  };
}

export function toPublicMember(row: Pick<MemberRow, 'id' | 'displayName' | 'role' | 'profile' | 'createdAt'>): PublicMemberOut {
  const { avoidMemberIds: _private, hideFromDirectory: _hidden, region, ...rest } = row.profile;
  return {
    id: row.id,
    displayName: row.displayName,
    role: row.role,
    profile: { ...rest, region: { country: region.country, state: region.state, city: region.city ?? null } },
    createdAt: row.createdAt.toISOString(),
  };
}

/** The Peer2Peer eligibility rule shown to the approving admin: the top executive, at least a year in the role and in business. */
export function eligibility(profile: Profile) {
  const notes: string[] = [];
  if (!profile.isTopExecutive) notes.push('not the top executive of the practice');
  if (profile.yearsInRole === undefined) notes.push('years in the role not answered');
  else if (profile.yearsInRole < 1) notes.push('less than a year in the role');
  if (profile.yearsInBusiness < 1) notes.push('less than a year in business');
  return {
    eligible: notes.length === 0,
    isTopExecutive: profile.isTopExecutive,
    yearsInRole: profile.yearsInRole ?? null,
    yearsInBusiness: profile.yearsInBusiness,
    notes,
  };
}

export function toAdminMember(row: MemberRow) {
  return {
    ...toMember(row),
    suspendedReason: row.suspendedReason,
    suspendedUntil: iso(row.suspendedUntil),
    rejectedReason: row.rejectedReason,
    rejectedAt: iso(row.rejectedAt),
    eligibility: eligibility(row.profile),
  };
}
