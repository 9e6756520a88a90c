// The alliance ledger: keep alliances with members (shared, confirmed by the partner) or outside organisations, review them.
import { DateTime } from 'luxon';
import type { Config } from '../../config.js';
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import type { EventHub } from '../../lib/events.js';
import { acceptAllianceSeat, createAllianceCircle } from '../matching/alliance-circle.js';
import { competitorName } from '../matching/competitors.js';
import type { Notifier } from '../notifications/port.js';
import * as repo from './alliances.repo.js';
import type { AllianceRow } from './alliances.repo.js';
import type { AllianceOut, CreateAllianceBody, PatchAllianceBody, ReviewBody } from './alliances.schemas.js';
import { allianceOut, ledgerCsv, reviewOut, today } from './alliances.views.js';

export interface AlliancesDeps {
  database: Database;
  config: Pick<Config, 'COMPETITOR_RADIUS_KM'>;
  events?: EventHub;
  notifier?: Notifier;
}

/** A shared alliance's circle lasts as long as an alliance may reasonably run before it is renewed. */
const ALLIANCE_CIRCLE_YEARS = 5;
const CADENCE_STEP: Record<string, object | null> = { weekly: { weeks: 1 }, biweekly: { weeks: 2 }, monthly: { months: 1 }, quarterly: { months: 3 }, semiannual: { months: 6 }, annual: { years: 1 }, as_needed: null };

export function createAlliancesService(deps: AlliancesDeps) {
  const { db } = deps.database;

  async function view(tx: DbOrTx, rows: AllianceRow[], viewerId: string, extra: { warnings?: string[]; withBalance?: boolean } = {}): Promise<AllianceOut[]> {
    const ids = rows.map((r) => r.id);
    const people = [...new Set(rows.flatMap((r) => [r.ownerId, r.partnerMemberId]).filter((id): id is string => id !== null))];
    const [notes, briefs, reviews] = await Promise.all([repo.myNotes(tx, ids, viewerId), repo.memberBriefs(tx, people), extra.withBalance ? repo.reviewsOf(tx, ids) : undefined]);
    return rows.map((r) => allianceOut(r, viewerId, { notes, people: briefs, ...(reviews ? { reviews } : {}), ...(extra.warnings ? { warnings: extra.warnings } : {}) }));
  }

  async function one(tx: DbOrTx, row: AllianceRow, viewerId: string, warnings?: string[]) {
    return (await view(tx, [row], viewerId, { withBalance: true, ...(warnings ? { warnings } : {}) }))[0]!;
  }

  async function competitorWarning(ownerId: string, partnerId: string): Promise<string[]> {
    const name = await competitorName(db, ownerId, partnerId, deps.config.COMPETITOR_RADIUS_KM);
    if (name === null) return [];
    return [`COMPETITOR: ${name} offers the same services within ${deps.config.COMPETITOR_RADIUS_KM} km; the ledger is your own list, so it is kept`];
  }

  async function create(ownerId: string, body: CreateAllianceBody) {
    if (body.nextReviewOn && body.startedOn && body.nextReviewOn < body.startedOn) throw Errors.badRequest('REVIEW_BEFORE_START', 'nextReviewOn is before startedOn');
    const base = { ownerId, type: body.type, startedOn: body.startedOn ?? null, cadence: body.cadence ?? null, nextReviewOn: body.nextReviewOn ?? null };
    if (!('memberId' in body.partner)) {
      const p = body.partner;
      const row = await db.transaction(async (tx) => {
        const made = await repo.insertAlliance(tx, { ...base, partnerName: p.name, partnerKind: p.kind, partnerCity: p.city ?? null, partnerState: p.state ?? null, status: 'active', ownerConfirmedAt: new Date() });
        if (body.notes) await repo.setMyNotes(tx, made.id, ownerId, body.notes);
        return made;
      });
      return one(db, row, ownerId);
    }
    const partnerId = body.partner.memberId;
    if (partnerId === ownerId) throw Errors.badRequest('SELF_PARTNER', 'An alliance needs a partner other than yourself');
    const partner = (await repo.memberBriefs(db, [partnerId])).get(partnerId);
    if (!partner || partner.status !== 'active') throw Errors.notFound('Member');
    const warnings = await competitorWarning(ownerId, partnerId);
    const owner = (await repo.memberBriefs(db, [ownerId])).get(ownerId);
    const { row, circleId } = await db.transaction(async (tx) => {
      if (await repo.liveSharedBetween(tx, ownerId, partnerId, body.type)) throw Errors.conflict('You already have this kind of alliance with this member', 'ALLIANCE_EXISTS');
      const circle = await createAllianceCircle(tx, {
        name: `Alliance · ${owner?.practiceName ?? owner?.displayName ?? 'Owner'} & ${partner.practiceName ?? partner.displayName}`.slice(0, 120),
        memberIds: [ownerId, partnerId],
        accepted: [ownerId],
        termEnd: DateTime.now().plus({ years: ALLIANCE_CIRCLE_YEARS }).toJSDate(),
      });
      const made = await repo.insertAlliance(tx, { ...base, partnerMemberId: partnerId, status: 'proposed', circleId: circle, ownerConfirmedAt: new Date() });
      if (body.notes) await repo.setMyNotes(tx, made.id, ownerId, body.notes);
      await deps.notifier?.notify(tx, { memberId: partnerId, kind: 'alliance_proposed', data: { allianceId: made.id, type: made.type, fromMemberId: ownerId }, dedupeKey: `alliance_proposed:${made.id}:${partnerId}` });
      return { row: made, circleId: circle };
    });
    // Chat opens the alliance's room for the circle once the rows are committed.
    deps.events?.emit('circle.created', { circleId, memberIds: [ownerId, partnerId] });
    return one(db, row, ownerId, warnings);
  }

  async function ledger(memberId: string, filter: { status?: AllianceRow['status']; limit: number; after?: { at: string; id: string } }) {
    const rows = await repo.listLedger(db, memberId, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return { items: await view(db, page, memberId), last: rows.length > filter.limit && last ? { at: last.createdAt.toISOString(), id: last.id } : null };
  }

  async function get(memberId: string, id: string) {
    const row = await repo.partyAlliance(db, id, memberId);
    if (!row) throw Errors.notFound('Alliance');
    return one(db, row, memberId);
  }

  async function update(memberId: string, id: string, body: PatchAllianceBody) {
    const row = await db.transaction(async (tx) => {
      const current = await repo.partyAlliance(tx, id, memberId, true);
      if (!current) throw Errors.notFound('Alliance');
      if (current.status === 'ended' && body.status !== undefined && body.status !== 'ended') throw Errors.conflict('This alliance has ended', 'ALLIANCE_ENDED');
      const set: Partial<AllianceRow> = {};
      if (body.partner) {
        if (current.partnerMemberId !== null || current.ownerId !== memberId) throw Errors.forbidden("Only the owner edits an outside partner's details");
        if (body.partner.name !== undefined) set.partnerName = body.partner.name;
        if (body.partner.kind !== undefined) set.partnerKind = body.partner.kind;
        if (body.partner.city !== undefined) set.partnerCity = body.partner.city;
        if (body.partner.state !== undefined) set.partnerState = body.partner.state;
      }
      if (body.type !== undefined) set.type = body.type;
      if (body.startedOn !== undefined) set.startedOn = body.startedOn;
      if (body.cadence !== undefined) set.cadence = body.cadence;
      if (body.nextReviewOn !== undefined) set.nextReviewOn = body.nextReviewOn;
      if (body.status !== undefined && body.status !== current.status) {
        if (body.status === 'active' && current.status === 'proposed') throw Errors.conflict('A proposed alliance becomes active when the partner confirms it', 'NOT_CONFIRMED');
        set.status = body.status;
        set.statusChangedBy = memberId;
      }
      if (body.notes !== undefined) await repo.setMyNotes(tx, current.id, memberId, body.notes);
      return Object.keys(set).length ? repo.updateAlliance(tx, current.id, set) : current;
    });
    return one(db, row, memberId);
  }

  /** An outside alliance leaves my ledger; a shared one ends for both (its history stays with the partner). */
  async function remove(memberId: string, id: string): Promise<void> {
    await db.transaction(async (tx) => {
      const row = await repo.partyAlliance(tx, id, memberId, true);
      if (!row) throw Errors.notFound('Alliance');
      if (row.partnerMemberId === null) await repo.deleteAlliance(tx, row.id);
      else if (row.status !== 'ended') await repo.updateAlliance(tx, row.id, { status: 'ended', statusChangedBy: memberId });
    });
  }

  /** Records one side's confirmation; both sides confirmed makes a proposed alliance active. Runs in the caller's transaction. */
  async function confirmSide(tx: DbOrTx, row: AllianceRow, memberId: string): Promise<AllianceRow> {
    const side = row.ownerId === memberId ? { ownerConfirmedAt: row.ownerConfirmedAt ?? new Date() } : { partnerConfirmedAt: row.partnerConfirmedAt ?? new Date() };
    const both = (row.ownerId === memberId || row.ownerConfirmedAt !== null) && (row.partnerMemberId === memberId || row.partnerConfirmedAt !== null);
    const activate = both && row.status === 'proposed';
    const next = await repo.updateAlliance(tx, row.id, { ...side, ...(activate ? { status: 'active' as const, startedOn: row.startedOn ?? today(), statusChangedBy: memberId } : {}) });
    if (activate && deps.notifier) {
      const others = [row.ownerId, row.partnerMemberId].filter((id): id is string => id !== null && id !== memberId);
      await deps.notifier.notify(tx, others.map((m) => ({ memberId: m, kind: 'alliance_confirmed' as const, data: { allianceId: row.id, type: row.type, byMemberId: memberId }, dedupeKey: `alliance_confirmed:${row.id}:${m}` })));
    }
    return next;
  }

  async function confirm(memberId: string, id: string) {
    const row = await db.transaction(async (tx) => {
      const current = await repo.partyAlliance(tx, id, memberId, true);
      // The partner confirms (both sides do, for an alliance proposed by matching); to anyone else there is nothing to confirm.
      const proposer = current?.source === 'ledger' && current.ownerId === memberId;
      if (!current || current.partnerMemberId === null || proposer) throw Errors.notFound('Alliance');
      const pending = current.partnerMemberId === memberId ? current.partnerConfirmedAt === null : current.ownerConfirmedAt === null;
      if (!pending) return current;
      if (current.status !== 'proposed') throw Errors.conflict(`This alliance is ${current.status}`, 'NOT_PROPOSED');
      const next = await confirmSide(tx, current, memberId);
      if (current.circleId) await acceptAllianceSeat(tx, current.circleId, memberId);
      return next;
    });
    return one(db, row, memberId);
  }

  async function addReview(memberId: string, id: string, body: ReviewBody) {
    if (body.reviewedOn > today()) throw Errors.badRequest('REVIEW_IN_FUTURE', 'reviewedOn must not be in the future');
    const review = await db.transaction(async (tx) => {
      const row = await repo.partyAlliance(tx, id, memberId, true);
      if (!row) throw Errors.notFound('Alliance');
      const made = await repo.insertReview(tx, { allianceId: row.id, authorId: memberId, ...body, referralsSent: body.referralsSent ?? null, referralsReceived: body.referralsReceived ?? null, note: body.note ?? null });
      // The next review is one cadence step after this one (when the cadence has a step and that is later than planned).
      const step = row.cadence ? CADENCE_STEP[row.cadence] : null;
      if (step) {
        const next = DateTime.fromISO(body.reviewedOn).plus(step).toISODate()!;
        if (!row.nextReviewOn || next > row.nextReviewOn) await repo.updateAlliance(tx, row.id, { nextReviewOn: next });
      }
      return made;
    });
    return reviewOut(review, memberId);
  }

  async function reviews(memberId: string, id: string) {
    const row = await repo.partyAlliance(db, id, memberId);
    if (!row) throw Errors.notFound('Alliance');
    return (await repo.reviewsOf(db, [row.id])).map((r) => reviewOut(r, memberId));
  }

  async function exportCsv(memberId: string): Promise<string> {
    const rows: AllianceRow[] = [];
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const batch = await repo.listLedger(db, memberId, { limit: 500, ...(after ? { after } : {}) });
      rows.push(...batch);
      const last = batch.at(-1);
      if (batch.length < 500 || !last) break;
      after = { at: last.createdAt.toISOString(), id: last.id };
    }
    const list = await view(db, rows, memberId);
    const mine = (await repo.reviewsOf(db, rows.map((r) => r.id))).filter((r) => r.authorId === memberId);
    const lastReviews = new Map<string, (typeof mine)[number]>();
    for (const r of mine) if (!lastReviews.has(r.allianceId)) lastReviews.set(r.allianceId, r);
    return ledgerCsv(list, lastReviews);
  }

  async function adminStats(state?: string) {
    const s = await repo.stats(db, today(), state);
    const map = (list: Array<{ key: string; n: number }>) => Object.fromEntries(list.map((r) => [r.key, r.n]));
    return {
      total: s.totals.total,
      byType: map(s.byType),
      byStatus: map(s.byStatus),
      shared: s.totals.shared,
      outside: s.totals.total - s.totals.shared,
      fromMatching: s.totals.matching,
      overdueReviews: s.totals.overdue,
      reviews: { count: s.reviews.count, averageBenefitToOwner: s.reviews.average },
    };
  }

  return { create, ledger, get, update, remove, confirm, confirmSide, addReview, reviews, exportCsv, adminStats };
}

export type AlliancesService = ReturnType<typeof createAlliancesService>;
