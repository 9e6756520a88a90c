// Per-kind rules: the default email mode, which kinds a member cannot turn off, and how each kind is titled.
import { NOTIFICATION_KINDS, type NotificationKind } from './port.js';

export type Mode = 'immediate' | 'digest' | 'off';
export const MODES = ['immediate', 'digest', 'off'] as const;

/** Always mailed at once, whatever the preference: moderation notices and account decisions. */
export const LOCKED_KINDS: ReadonlySet<NotificationKind> = new Set(['moderation_warning', 'moderation_suspension', 'registration_approved', 'registration_rejected']);

const DIGEST_BY_DEFAULT: ReadonlySet<NotificationKind> = new Set(['qa_answer', 'qa_reply', 'circle_member_responded', 'alliance_review_due']);

export function defaultMode(kind: NotificationKind): Mode {
  return DIGEST_BY_DEFAULT.has(kind) ? 'digest' : 'immediate';
}

/** The effective mode: locked kinds are always immediate. */
export function effectiveMode(kind: NotificationKind, chosen: Mode | undefined): Mode {
  if (LOCKED_KINDS.has(kind)) return 'immediate';
  return chosen ?? defaultMode(kind);
}

export const isKind = (k: string): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);

/** Short human titles, for subjects, the digest and the in-app list. */
export const KIND_TITLES: Record<NotificationKind, string> = {
  registration_approved: 'Your registration was approved',
  registration_rejected: 'About your registration',
  matched: 'You have a new match',
  circle_member_responded: 'A member of your circle responded',
  meeting_scheduled: 'A meeting was scheduled',
  meeting_changed: 'A meeting was moved',
  meeting_cancelled: 'A meeting was cancelled',
  meeting_reminder: 'Meeting reminder',
  commitment_checkin: 'Time to check in on your commitment',
  qa_answer: 'New answer on a question you follow',
  qa_reply: 'New reply on a question you follow',
  qa_mention: 'You were mentioned',
  qa_answer_accepted: 'Your answer was accepted',
  moderation_warning: 'A warning from the moderators',
  moderation_suspension: 'Your account was suspended',
  alliance_proposed: 'An alliance was proposed',
  alliance_confirmed: 'Your alliance is confirmed',
  alliance_review_due: 'Your alliance review is due',
  chat_unread: 'Unread messages in your chats',
};
