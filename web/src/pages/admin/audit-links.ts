// Where an audit entry points: the page of what it concerns (a member, circle, round, question, report), and the day bounds of a filter.
import { qs } from '../../api.js';
import { zonedToIso } from '../../zoned-time.js';
import type { z } from 'zod';
import type { auditEntrySchema } from '../../../../src/modules/moderation/moderation.schemas.js';

export type AuditEntry = z.output<typeof auditEntrySchema>;

/** Actions staff take, for the filter (the log may hold others; any action typed into the URL still works). */
export const AUDIT_ACTIONS = [
  'member.approve',
  'member.reject',
  'member.warn',
  'member.suspend',
  'member.unsuspend',
  'member.create_admin',
  'member.promote_admin',
  'member.password_change',
  'content.hide',
  'content.auto_hide',
  'content.restore',
  'content.remove',
  'report.dismiss',
  'question.lock',
  'question.unlock',
  'circle.update',
  'circle.close',
  'circle.remove_member',
  'circle.seat.propose',
  'circle.seat.override',
  'matching.round.create',
  'matching.round.move',
  'matching.round.swap',
  'matching.round.override',
  'matching.round.publish',
] as const;

export const TARGET_TYPES = ['member', 'circle', 'matching_round', 'question', 'answer', 'reply', 'message'] as const;

export const auditHref = (filter: Record<string, string | undefined>) => `/admin/audit${qs(filter)}`;

/** A link to what the entry concerns, with its words; null when there is nothing to open (a target gone or never named). */
export function targetLink(e: AuditEntry): { href: string; label: string } | null {
  const id = e.targetId;
  if (!id) return null;
  const ctx = e.context ?? {};
  switch (e.targetType) {
    case 'member':
      return { href: `/admin/moderation?${new URLSearchParams({ target: id, status: 'all' })}`, label: 'the member’s reports and decisions' };
    case 'circle':
      return { href: `/admin/circles/${id}`, label: 'the circle' };
    case 'matching_round':
      return { href: `/admin/matching/${id}`, label: 'the matching round' };
    case 'question':
      return { href: `/qa/${id}`, label: 'the question' };
    case 'answer':
    case 'reply':
      return ctx.questionId ? { href: `/qa/${ctx.questionId}`, label: `the ${e.targetType}’s question` } : { href: reportsHref(id), label: `the ${e.targetType}’s reports` };
    default:
      return { href: reportsHref(id), label: `the ${e.targetType.replace(/_/g, ' ')}’s reports` };
  }
}

/** The review queue narrowed to one target, open and resolved reports alike. */
export const reportsHref = (targetId: string) => `/admin/moderation?${new URLSearchParams({ target: targetId, status: 'all' })}`;

/** The UTC instant of midnight starting `day` (YYYY-MM-DD) in the time zone `tz` (the admin's profile zone). */
export const zonedMidnight = (day: string, tz: string): Date => new Date(zonedToIso(`${day}T00:00`, tz) ?? NaN);

/** The API query for a day range: from the first day's midnight to the midnight after the last day. */
export function dayRange(from: string, to: string, tz: string): { from?: string; to?: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const next = (s: string) => {
    const d = new Date(`${s}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
  };
  return {
    ...(day.test(from) ? { from: zonedMidnight(from, tz).toISOString() } : {}),
    ...(day.test(to) ? { to: zonedMidnight(next(to), tz).toISOString() } : {}),
  };
}
