// The outbox tables: notifications written in the cause's transaction, mails claimed by workers with FOR UPDATE SKIP LOCKED.
import type { DbOrTx } from '../../db/client.js';
import { mailOutbox, notificationPreferences, notifications } from '../../db/schema/index.js';
import { memberView } from '../members/read-port.js';
import { isoTs, rows, sql, textArray, uuidArray } from '../../db/sql.js';
import { effectiveMode, LOCKED_KINDS, type Mode } from './kinds.js';
import type { NotificationInput } from './port.js';

export interface InsertedNotification {
  id: string;
  memberId: string;
  kind: string;
  data: Record<string, unknown>;
  emailMode: 'immediate' | 'digest' | 'none';
  createdAt: string;
}

/** Writes notifications (skipping duplicates by dedupe key) and the immediate mails they call for. */
export async function insertNotifications(tx: DbOrTx, inputs: NotificationInput[]): Promise<InsertedNotification[]> {
  if (!inputs.length) return [];
  const memberIds = [...new Set(inputs.map((i) => i.memberId))];
  const kinds = [...new Set(inputs.map((i) => i.kind))];
  const recipients = await rows<{ id: string; email: string; name: string; status: string; kind: string | null; mode: Mode | null }>(
    tx,
    sql`select ${memberView.id} as "id", ${memberView.email} as "email", ${memberView.displayName} as "name", ${memberView.status} as "status",
          p.kind as "kind", p.mode as "mode"
        from ${memberView} left join ${notificationPreferences} p on p.member_id = ${memberView.id} and p.kind = any(${textArray(kinds)})
        where ${memberView.id} = any(${uuidArray(memberIds)})`,
  );
  const byMember = new Map<string, { email: string; name: string; status: string; prefs: Map<string, Mode> }>();
  for (const r of recipients) {
    const entry = byMember.get(r.id) ?? { email: r.email, name: r.name, status: r.status, prefs: new Map() };
    if (r.kind && r.mode) entry.prefs.set(r.kind, r.mode);
    byMember.set(r.id, entry);
  }
  const values = [];
  for (const input of inputs) {
    const m = byMember.get(input.memberId);
    if (!m) continue; // the member is gone: nothing to tell
    const mode = effectiveMode(input.kind, m.prefs.get(input.kind));
    // Only active members get mail about activity; account and moderation kinds reach them whatever their status.
    const mailable = LOCKED_KINDS.has(input.kind) || m.status === 'active';
    const emailMode = !mailable || mode === 'off' ? ('none' as const) : mode;
    values.push({ memberId: input.memberId, kind: input.kind, data: input.data, dedupeKey: input.dedupeKey ?? null, emailMode });
  }
  if (!values.length) return [];
  const inserted = await tx
    .insert(notifications)
    .values(values)
    .onConflictDoNothing({ target: [notifications.memberId, notifications.dedupeKey], where: sql`dedupe_key is not null` })
    .returning();
  const mails = inserted
    .filter((n) => n.emailMode === 'immediate')
    .map((n) => {
      const m = byMember.get(n.memberId)!;
      return { memberId: n.memberId, notificationId: n.id, toAddress: m.email, template: 'notification', data: { kind: n.kind, name: m.name, payload: n.data } };
    });
  if (mails.length) await tx.insert(mailOutbox).values(mails);
  return inserted.map((n) => ({ id: n.id, memberId: n.memberId, kind: n.kind, data: n.data, emailMode: n.emailMode, createdAt: n.createdAt.toISOString() }));
}

/** A mail that is not tied to a notification (verification, register attempts, digests). */
export async function enqueueMail(tx: DbOrTx, mail: { memberId: string | null; toAddress: string; template: string; data: Record<string, unknown> }): Promise<string> {
  const [row] = await tx.insert(mailOutbox).values(mail).returning({ id: mailOutbox.id });
  return row!.id;
}

/** Notifications not yet handed to the live channel, claimed so that one process emits each. */
export async function claimLive(db: DbOrTx, limit: number): Promise<InsertedNotification[]> {
  return rows<InsertedNotification>(
    db,
    sql`update ${notifications} set live_at = now()
        where id in (select id from ${notifications} where live_at is null order by created_at limit ${limit} for update skip locked)
        returning id, member_id as "memberId", kind, data, email_mode as "emailMode", ${isoTs(sql`created_at`)} as "createdAt"`,
  );
}

export interface ClaimedMail {
  id: string;
  memberId: string | null;
  notificationId: string | null;
  toAddress: string;
  template: string;
  data: Record<string, unknown>;
  attempts: number;
}

/** Claims due mails: each is leased (its next attempt pushed past the lease) so that no other worker takes it meanwhile. */
export async function claimMail(db: DbOrTx, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
  return rows<ClaimedMail>(
    db,
    sql`update ${mailOutbox} set attempts = attempts + 1, next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
        where id in (
          select id from ${mailOutbox} where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at limit ${limit} for update skip locked)
        returning id, member_id as "memberId", notification_id as "notificationId", to_address as "toAddress", template, data, attempts`,
  );
}

export async function markSent(db: DbOrTx, ids: string[], response: string | null = null): Promise<void> {
  if (!ids.length) return;
  await db.execute(sql`update ${mailOutbox} set status = 'sent', sent_at = now(), last_error = ${response} where id = any(${uuidArray(ids)})`);
}

export async function markRetry(db: DbOrTx, id: string, delayMs: number, error: string): Promise<void> {
  await db.execute(
    sql`update ${mailOutbox} set next_attempt_at = now() + ${`${Math.round(delayMs)} milliseconds`}::interval, last_error = ${error} where id = ${id}`,
  );
}

export async function markFailed(db: DbOrTx, id: string, error: string): Promise<void> {
  await db.execute(sql`update ${mailOutbox} set status = 'failed', last_error = ${error} where id = ${id}`);
}

export interface OutboxLag {
  /** Mails due and not sent. */
  due: number;
  /** Age in seconds of the oldest due mail (0 when none). */
  oldestDueSeconds: number;
  failed: number;
}

export async function outboxLag(db: DbOrTx): Promise<OutboxLag> {
  const [row] = await rows<OutboxLag>(
    db,
    sql`select (count(*) filter (where status = 'pending' and next_attempt_at <= now()))::int as "due",
          coalesce(extract(epoch from now() - min(created_at) filter (where status = 'pending' and next_attempt_at <= now())), 0)::float8 as "oldestDueSeconds",
          (count(*) filter (where status = 'failed' and created_at > now() - interval '1 day'))::int as "failed"
        from ${mailOutbox} where status <> 'sent'`,
  );
  return row ?? { due: 0, oldestDueSeconds: 0, failed: 0 };
}
