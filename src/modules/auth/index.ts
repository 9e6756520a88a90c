// The auth module's port: who a session token belongs to, and revoking a member's sessions (inside the caller's transaction).
export { findSession, revokeMemberSessions, type SessionIdentity } from './sessions.repo.js';
