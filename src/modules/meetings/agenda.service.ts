// Agenda items and commitments: proposals, ordering and coverage, carry-over to the next meeting, check-ins, follow-through.
import type { Database, DbOrTx } from '../../db/client.js';
import { Errors } from '../../errors.js';
import { encodeCursor } from '../../lib/cursor.js';
import { isFacilitator } from '../matching/membership.js';
import { ownQuestionFor } from '../qa/port.js';
import * as agenda from './agenda.repo.js';
import type { AgendaItemRow, CommitmentRow } from './agenda.repo.js';
import type { AgendaItemBody, AgendaItemPatch } from './agenda.schemas.js';
import * as repo from './meetings.repo.js';
import type { Viewer } from './meetings.repo.js';
import type { MeetingsService } from './meetings.service.js';
import { occurrenceId, parseOccurrenceId, type Occurrence } from './occurrences.js';

/** An item not covered by this long after its meeting ended moves to the next meeting (time to record what happened). */
export const CARRY_OVER_GRACE_MS = 24 * 3_600_000;

type Key = Pick<Occurrence, 'seriesId' | 'recurrenceId'>;
const same = (o: Key, seriesId: string | null, at: Date | null) => seriesId !== null && at !== null && o.seriesId === seriesId && o.recurrenceId.getTime() === at.getTime();

/** Where something aimed at (seriesId, at) shows now: that occurrence while it is live, else the next live one after it. */
function effective(live: Occurrence[], seriesId: string | null, at: Date | null): Occurrence | undefined {
  if (seriesId === null || at === null) return live[0];
  return live.find((o) => same(o, seriesId, at)) ?? live.find((o) => o.startsAt.getTime() >= at.getTime()) ?? undefined;
}

export interface AgendaDeps {
  database: Database;
  meetings: MeetingsService;
}

export function createAgendaService({ database, meetings }: AgendaDeps) {
  const { db } = database;
  const live = (tx: DbOrTx, circleId: string) => meetings.liveOccurrences(tx, circleId, new Date(Date.now() - CARRY_OVER_GRACE_MS));

  async function canFacilitate(tx: DbOrTx, viewer: Viewer, circleId: string) {
    return viewer.role === 'admin' || (await isFacilitator(tx, circleId, viewer.memberId)) || (await repo.facilitatesAsPartner(tx, circleId, viewer.memberId));
  }

  async function requireSeat(tx: DbOrTx, viewer: Viewer, circleId: string, what: string) {
    if (!(await repo.holdsSeat(tx, circleId, viewer.memberId))) throw Errors.forbidden(`Only the circle's members ${what}`);
  }

  function itemOut(row: AgendaItemRow, at: Key | undefined) {
    return {
      id: row.id,
      circleId: row.circleId,
      authorId: row.authorId,
      title: row.title,
      note: row.note,
      minutes: row.minutes,
      questionId: row.questionId,
      position: row.position,
      proposedFor: occurrenceId(row.seriesId, row.recurrenceId),
      carriedOver: at !== undefined && !same(at, row.seriesId, row.recurrenceId),
      covered: row.coveredAt !== null,
      coveredAt: row.coveredAt?.toISOString() ?? null,
      coveredIn: row.coveredSeriesId && row.coveredRecurrenceId ? occurrenceId(row.coveredSeriesId, row.coveredRecurrenceId) : null,
      facilitatorNotes: row.facilitatorNotes,
      createdAt: row.createdAt.toISOString(),
    };
  }

  /** The agenda of one occurrence: check-ins first, then items (its own, carried over, covered here). */
  async function getAgenda(viewer: Viewer, id: string) {
    const { occ } = await meetings.locate(db, viewer, id);
    const upcoming = await live(db, occ.circleId);
    const isLive = upcoming.some((o) => same(o, occ.seriesId, occ.recurrenceId));
    const [rows, commits] = await Promise.all([
      agenda.agendaCandidates(db, occ.circleId, occ.seriesId, occ.recurrenceId),
      agenda.checkInCandidates(db, occ.circleId, occ.seriesId, occ.recurrenceId),
    ]);
    const items = rows.filter((r) => {
      if (r.coveredAt) return same(occ, r.coveredSeriesId, r.coveredRecurrenceId);
      if (isLive) return effective(upcoming, r.seriesId, r.recurrenceId) === upcoming.find((o) => same(o, occ.seriesId, occ.recurrenceId));
      return same(occ, r.seriesId, r.recurrenceId);
    });
    const checkIns = commits.filter((c) => {
      if (same(occ, c.dueSeriesId, c.dueRecurrenceId)) return true;
      if (c.status !== 'open' || !isLive) return false;
      const at = effective(upcoming, c.dueSeriesId, c.dueRecurrenceId);
      return at !== undefined && same(at, occ.seriesId, occ.recurrenceId);
    });
    return { occurrenceId: occ.occurrenceId, checkIns: checkIns.map(commitmentOut), items: items.map((r) => itemOut(r, occ)) };
  }

  async function propose(viewer: Viewer, id: string, body: AgendaItemBody) {
    const { occ } = await meetings.locate(db, viewer, id);
    await requireSeat(db, viewer, occ.circleId, 'propose agenda items');
    if (occ.status === 'cancelled') throw Errors.conflict('This occurrence is cancelled', 'MEETING_CANCELLED');
    if (occ.endsAt.getTime() <= Date.now()) throw Errors.conflict('This occurrence is over; propose the item for the next one', 'MEETING_OVER');
    if (body.questionId && !(await ownQuestionFor(db, body.questionId, viewer.memberId, occ.circleId))) {
      throw Errors.badRequest('NOT_YOUR_QUESTION', 'questionId must be a question of yours that this circle can see');
    }
    const row = await db.transaction(async (tx) =>
      agenda.insertAgendaItem(tx, {
        circleId: occ.circleId,
        seriesId: occ.seriesId,
        recurrenceId: occ.recurrenceId,
        authorId: viewer.memberId,
        title: body.title,
        note: body.note ?? null,
        minutes: body.minutes ?? null,
        questionId: body.questionId ?? null,
        position: await agenda.nextPosition(tx, occ.circleId),
      }),
    );
    return itemOut(row, occ);
  }

  /** The item when the viewer may see its circle; 404 otherwise. */
  async function visibleItem(tx: DbOrTx, viewer: Viewer, id: string) {
    const row = await agenda.findAgendaItem(tx, id);
    if (!row || !(await repo.visibleCircle(tx, row.circleId, viewer))) throw Errors.notFound('Agenda item');
    return row;
  }

  async function editItem(viewer: Viewer, id: string, body: AgendaItemPatch) {
    const row = await visibleItem(db, viewer, id);
    const facilitating = body.position !== undefined || body.covered !== undefined || body.facilitatorNotes !== undefined;
    const authoring = body.title !== undefined || body.note !== undefined || body.minutes !== undefined;
    if (facilitating && !(await canFacilitate(db, viewer, row.circleId))) throw Errors.forbidden("Only the circle's facilitator or an admin orders and covers agenda items");
    if (authoring && row.authorId !== viewer.memberId) throw Errors.forbidden('Only its author edits an agenda item');
    if (authoring && row.coveredAt) throw Errors.conflict('This item is covered; it can no longer be edited', 'ALREADY_COVERED');
    const upcoming = await live(db, row.circleId);
    const set: Partial<AgendaItemRow> = {};
    if (body.title !== undefined) set.title = body.title;
    if (body.note !== undefined) set.note = body.note;
    if (body.minutes !== undefined) set.minutes = body.minutes;
    if (body.position !== undefined) set.position = body.position;
    if (body.facilitatorNotes !== undefined) set.facilitatorNotes = body.facilitatorNotes;
    const at = effective(upcoming, row.seriesId, row.recurrenceId);
    if (body.covered === true && !row.coveredAt) {
      if (!at) throw Errors.conflict('No upcoming or just-held meeting to cover this item at', 'NO_MEETING');
      Object.assign(set, { coveredSeriesId: at.seriesId, coveredRecurrenceId: at.recurrenceId, coveredAt: new Date() });
    } else if (body.covered === false) {
      Object.assign(set, { coveredSeriesId: null, coveredRecurrenceId: null, coveredAt: null });
    }
    const next = await db.transaction(async (tx) => {
      // Moving an item to a position pushes the open items at or after it down by one.
      if (body.position !== undefined) await agenda.makeRoomAt(tx, row.circleId, body.position, row.id);
      return agenda.updateAgendaItem(tx, row.id, set);
    });
    const shownAt = next.coveredSeriesId && next.coveredRecurrenceId ? { seriesId: next.coveredSeriesId, recurrenceId: next.coveredRecurrenceId } : at;
    return itemOut(next, shownAt);
  }

  async function deleteItem(viewer: Viewer, id: string): Promise<void> {
    const row = await visibleItem(db, viewer, id);
    const mine = row.authorId === viewer.memberId && !row.coveredAt;
    if (!mine && !(await canFacilitate(db, viewer, row.circleId))) throw Errors.forbidden('Only its author (before it is covered) or the facilitator removes an agenda item');
    await agenda.deleteAgendaItem(db, row.id);
  }

  function commitmentOut(c: CommitmentRow) {
    return {
      id: c.id,
      circleId: c.circleId,
      memberId: c.memberId,
      text: c.text,
      status: c.status,
      note: c.note,
      dueOccurrenceId: c.dueSeriesId && c.dueRecurrenceId ? occurrenceId(c.dueSeriesId, c.dueRecurrenceId) : null,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      resolvedAt: c.resolvedAt?.toISOString() ?? null,
    };
  }

  async function commit(viewer: Viewer, circleId: string, body: { text: string; dueOccurrenceId?: string }) {
    if (!(await repo.visibleCircle(db, circleId, viewer))) throw Errors.notFound('Circle');
    await requireSeat(db, viewer, circleId, 'record commitments');
    let due: Occurrence | undefined;
    if (body.dueOccurrenceId) {
      parseOccurrenceId(body.dueOccurrenceId);
      const { occ } = await meetings.locate(db, viewer, body.dueOccurrenceId);
      if (occ.circleId !== circleId) throw Errors.notFound('Meeting');
      if (occ.status === 'cancelled') throw Errors.conflict('That occurrence is cancelled', 'MEETING_CANCELLED');
      if (occ.startsAt.getTime() <= Date.now()) throw Errors.conflict('A commitment is due by a meeting that has not started yet', 'MEETING_OVER');
      due = occ;
    } else {
      // "By the next meeting": the first one that has not started.
      due = (await meetings.liveOccurrences(db, circleId)).find((o) => o.startsAt.getTime() > Date.now());
    }
    const row = await agenda.insertCommitment(db, {
      circleId,
      memberId: viewer.memberId,
      text: body.text,
      dueSeriesId: due?.seriesId ?? null,
      dueRecurrenceId: due?.recurrenceId ?? null,
    });
    return commitmentOut(row);
  }

  async function listCommitments(viewer: Viewer, circleId: string, query: { memberId?: string; status?: CommitmentRow['status']; limit: number; after?: { at: string; id: string } }) {
    if (!(await repo.visibleCircle(db, circleId, viewer))) throw Errors.notFound('Circle');
    const rows = await agenda.listCommitments(db, circleId, { ...query, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(commitmentOut),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ at: last.createdAt.toISOString(), id: last.id }) : null,
      ...(query.memberId ? { followThrough: await agenda.followThrough(db, circleId, query.memberId) } : {}),
    };
  }

  async function updateCommitment(viewer: Viewer, id: string, body: { status?: CommitmentRow['status']; note?: string | null; text?: string }) {
    const row = await agenda.findCommitment(db, id);
    if (!row || !(await repo.visibleCircle(db, row.circleId, viewer))) throw Errors.notFound('Commitment');
    if (row.memberId !== viewer.memberId) throw Errors.forbidden('Only its author updates a commitment');
    const set: Partial<CommitmentRow> = {};
    if (body.text !== undefined) set.text = body.text;
    if (body.note !== undefined) set.note = body.note;
    if (body.status !== undefined) {
      set.status = body.status;
      set.resolvedAt = body.status === 'open' ? null : (row.resolvedAt ?? new Date());
      if (row.status === 'open' && body.status !== 'open') {
        // Resolved at the meeting whose check-ins it was on: it stays there, so that agenda shows how it went.
        const at = effective(await live(db, row.circleId), row.dueSeriesId, row.dueRecurrenceId);
        if (at) Object.assign(set, { dueSeriesId: at.seriesId, dueRecurrenceId: at.recurrenceId });
      }
    }
    return commitmentOut(await agenda.updateCommitment(db, row.id, set));
  }

  return { getAgenda, propose, editItem, deleteItem, commit, listCommitments, updateCommitment };
}

export type AgendaService = ReturnType<typeof createAgendaService>;
