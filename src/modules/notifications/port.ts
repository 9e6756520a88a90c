// The notifications port: other modules call notify(tx, …) inside the transaction of the cause (a transactional outbox).
import type { DbOrTx } from '../../db/client.js';

/** Every kind of notification; preferences are kept per kind. */
export const NOTIFICATION_KINDS = [
  'registration_approved',
  'registration_rejected',
  'matched',
  'circle_member_responded',
  'meeting_scheduled',
  'meeting_changed',
  'meeting_cancelled',
  'meeting_reminder',
  'commitment_checkin',
  'qa_answer',
  'qa_reply',
  'qa_mention',
  'qa_answer_accepted',
  'moderation_warning',
  'moderation_suspension',
  'alliance_proposed',
  'alliance_confirmed',
  'alliance_review_due',
  'chat_unread',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationInput {
  memberId: string;
  kind: NotificationKind;
  /** What the templates and the in-app list show: ids, titles, times; never another member's private data. */
  data: Record<string, unknown>;
  /** A key unique per cause, so a retried cause does not notify twice. */
  dedupeKey?: string;
}

export interface Notifier {
  /** Writes the notification in the caller's transaction; delivery happens after commit. */
  notify(tx: DbOrTx, input: NotificationInput | NotificationInput[]): Promise<void>;
}
