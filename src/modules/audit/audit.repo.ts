// Writes staff actions to the append-only audit log; call it inside the action's own transaction.
import { auditLog } from '../../db/schema/index.js';
import type { DbOrTx } from '../../db/client.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  });
}
