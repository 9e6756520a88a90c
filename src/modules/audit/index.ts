// The audit module's port: other modules record their staff actions here, inside the action's own transaction.
export { recordAudit, type AuditEntry } from './audit.repo.js';
