// Shapes alliances for one viewer (their side, their notes only), the review balance, and the CSV export.
import { stringify } from 'csv-stringify/sync';
import type { AllianceRow, MemberBrief, ReviewRow } from './alliances.repo.js';
import type { AllianceOut } from './alliances.schemas.js';

export const today = (): string => new Date().toISOString().slice(0, 10);

export function reviewOut(r: ReviewRow, viewerId: string) {
  const mine = r.authorId === viewerId;
  return {
    id: r.id,
    allianceId: r.allianceId,
    authorId: r.authorId,
    mine,
    reviewedOn: r.reviewedOn,
    benefitToMe: r.benefitToMe,
    benefitToPartner: r.benefitToPartner,
    referralsSent: r.referralsSent,
    referralsReceived: r.referralsReceived,
    // "What to change" is the author's private note, like the alliance notes.
    note: mine ? r.note : null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Both sides' latest reviews; balanced when each side's own benefit differs by at most one point. */
export function balanceOf(reviews: ReviewRow[], viewerId: string) {
  const mine = reviews.find((r) => r.authorId === viewerId);
  const theirs = reviews.find((r) => r.authorId !== viewerId);
  return {
    mine: mine ? reviewOut(mine, viewerId) : null,
    theirs: theirs ? reviewOut(theirs, viewerId) : null,
    balanced: mine && theirs ? Math.abs(mine.benefitToMe - theirs.benefitToMe) <= 1 : null,
  };
}

export function allianceOut(
  row: AllianceRow,
  viewerId: string,
  ctx: { notes: Map<string, string>; people: Map<string, MemberBrief>; reviews?: ReviewRow[]; warnings?: string[] },
): AllianceOut {
  const role = row.ownerId === viewerId ? 'owner' : 'partner';
  const otherId = role === 'owner' ? row.partnerMemberId : row.ownerId;
  const other = otherId ? ctx.people.get(otherId) : undefined;
  const partner = otherId
    ? { memberId: otherId, displayName: other?.displayName ?? 'Former member', practiceName: other?.practiceName ?? null }
    : { name: row.partnerName ?? '', kind: row.partnerKind ?? 'other', city: row.partnerCity, state: row.partnerState };
  const myConfirm = role === 'owner' ? row.ownerConfirmedAt : row.partnerConfirmedAt;
  const theirConfirm = role === 'owner' ? row.partnerConfirmedAt : row.ownerConfirmedAt;
  const shared = row.partnerMemberId !== null;
  return {
    id: row.id,
    role,
    shared,
    partner,
    type: row.type,
    status: row.status,
    source: row.source,
    startedOn: row.startedOn,
    cadence: row.cadence,
    nextReviewOn: row.nextReviewOn,
    reviewOverdue: row.status === 'active' && row.nextReviewOn !== null && row.nextReviewOn < today(),
    confirmedByMe: myConfirm !== null,
    confirmedByPartner: shared ? theirConfirm !== null : true,
    circleId: row.circleId,
    notes: ctx.notes.get(row.id) ?? null,
    warnings: ctx.warnings ?? [],
    ...(shared && ctx.reviews ? { balance: balanceOf(ctx.reviews.filter((r) => r.allianceId === row.id), viewerId) } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab/CR before them) as a formula; such cells get a leading
 * apostrophe (OWASP's advice), so a partner named "=HYPERLINK(…)" stays text. Quoting of commas, quotes and newlines
 * is csv-stringify's.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

const COLUMNS = [
  'id', 'partner', 'partner_kind', 'partner_city', 'partner_state', 'shared', 'my_role', 'type', 'status', 'started_on', 'cadence',
  'next_review_on', 'review_overdue', 'last_review_on', 'last_benefit_to_me', 'last_benefit_to_partner', 'notes',
] as const;

export function ledgerCsv(list: AllianceOut[], lastReviews: Map<string, ReviewRow>): string {
  const records = list.map((a) => {
    const last = lastReviews.get(a.id);
    const p = a.partner;
    return [
      a.id,
      'memberId' in p ? p.displayName : p.name,
      'memberId' in p ? 'member' : p.kind,
      'memberId' in p ? '' : (p.city ?? ''),
      'memberId' in p ? '' : (p.state ?? ''),
      a.shared ? 'yes' : 'no',
      a.role,
      a.type,
      a.status,
      a.startedOn ?? '',
      a.cadence ?? '',
      a.nextReviewOn ?? '',
      a.reviewOverdue ? 'yes' : 'no',
      last?.reviewedOn ?? '',
      last ? String(last.benefitToMe) : '',
      last ? String(last.benefitToPartner) : '',
      a.notes ?? '',
    ];
  });
  return stringify([[...COLUMNS], ...records], { cast: { string: spreadsheetSafe }, quoted_match: /[\r\n",']/, record_delimiter: 'windows', bom: true });
}
