// The audit module's port: other modules record their staff actions here, inside the action's own transaction.
export { recordAudit, type AuditEntry } from './audit.repo.js';
export { historyOf, listAudit, type AuditFilter, type AuditRow } from './log-reads.js';
