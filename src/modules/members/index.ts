// The members module's port: members own the members table (accounts, status, suspension); auth and moderation
// change a member only through these functions, inside their own transactions.
export {
  findMemberByEmail,
  findMemberById,
  insertMember,
  insertMembersIfAbsent,
  liftEndedSuspensions,
  lockMember,
  setMemberPasswordHash,
  setMemberStatus,
  suspendMember,
  unsuspendMember,
  type MemberRow,
  type MemberStatus,
} from './members.repo.js';
