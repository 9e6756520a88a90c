// Time-based kinds from other modules' data: meeting reminders (24 h and 1 h before) and commitment check-ins due.
// Each run looks ahead over a window; dedupe keys make repeated runs (and several processes) notify once.
import type { Database } from '../../db/client.js';
import type { NotificationInput, Notifier } from './port.js';
import type { PeriodicJob } from './worker.js';

interface DueOccurrence {
  occurrenceId: string;
  circleId: string;
  circleName: string | null;
  title: string | null;
  startsAt: string;
  timezone: string;
  location: string | null;
  videoUrl: string | null;
  memberIds: string[];
}

interface DueCheckIn {
  memberId: string;
  commitmentId: string;
  circleId: string;
  text: string;
  occurrenceId: string;
  startsAt: string;
}

/** What the meetings module exports for this (passed in by app.ts, so notifications does not import meetings). */
export interface MeetingSource {
  occurrencesStartingBetween(db: Database['db'], from: Date, to: Date): Promise<DueOccurrence[]>;
  checkInsDueBetween(db: Database['db'], from: Date, to: Date): Promise<DueCheckIn[]>;
}

const HOUR = 3_600_000;

/** The reminder inputs due at `now`: 24 h ahead (only while more than an hour remains), 1 h ahead, and check-ins for meetings within a day. */
export async function dueReminders(database: Database, source: MeetingSource, now: Date): Promise<NotificationInput[]> {
  const { db } = database;
  const at = now.getTime();
  const [day, hour, checkIns] = await Promise.all([
    source.occurrencesStartingBetween(db, new Date(at + HOUR), new Date(at + 24 * HOUR)),
    source.occurrencesStartingBetween(db, new Date(at), new Date(at + HOUR)),
    source.checkInsDueBetween(db, new Date(at), new Date(at + 24 * HOUR)),
  ]);
  const inputs: NotificationInput[] = [];
  const remind = (list: DueOccurrence[], lead: '24h' | '1h') => {
    for (const o of list) {
      const data = { lead, occurrenceId: o.occurrenceId, meetingId: o.occurrenceId, circleId: o.circleId, circleName: o.circleName, title: o.title ?? o.circleName ?? 'Your circle meeting', startsAt: o.startsAt, timezone: o.timezone, location: o.location, videoUrl: o.videoUrl };
      // The start time is part of the key: a meeting moved after its reminder gets a new one.
      for (const memberId of o.memberIds) inputs.push({ memberId, kind: 'meeting_reminder', data, dedupeKey: `meeting_reminder:${lead}:${o.occurrenceId}:${o.startsAt}` });
    }
  };
  remind(day, '24h');
  remind(hour, '1h');
  for (const c of checkIns) {
    inputs.push({ memberId: c.memberId, kind: 'commitment_checkin', data: { commitmentId: c.commitmentId, circleId: c.circleId, text: c.text, occurrenceId: c.occurrenceId, startsAt: c.startsAt }, dedupeKey: `commitment_checkin:${c.commitmentId}:${c.occurrenceId}` });
  }
  return inputs;
}

export function reminderJob({ database, notifier, source, everyMs = 60_000 }: { database: Database; notifier: Notifier; source: MeetingSource; everyMs?: number }): PeriodicJob {
  return {
    name: 'meeting-reminders',
    everyMs,
    async run(now) {
      const inputs = await dueReminders(database, source, now);
      if (inputs.length) await database.db.transaction((tx) => notifier.notify(tx, inputs));
      return inputs.length;
    },
  };
}

/** What the alliances module exports for reviews due (passed in by app.ts). */
export type ReviewsDue = (db: Database['db'], onDate: string) => Promise<{ allianceId: string; type: string; nextReviewOn: string; memberIds: string[] }[]>;

/** Alliance reviews due by today (UTC date): each party told once per review date. */
export async function runAllianceReviews(deps: { database: Database; notifier: Notifier; reviewsDue: ReviewsDue }, now: Date): Promise<number> {
  const due = await deps.reviewsDue(deps.database.db, now.toISOString().slice(0, 10));
  const inputs: NotificationInput[] = due.flatMap((r) =>
    r.memberIds.map((memberId) => ({ memberId, kind: 'alliance_review_due' as const, data: { allianceId: r.allianceId, type: r.type, nextReviewOn: r.nextReviewOn }, dedupeKey: `alliance_review_due:${r.allianceId}:${r.nextReviewOn}` })),
  );
  if (inputs.length) await deps.database.db.transaction((tx) => deps.notifier.notify(tx, inputs));
  return inputs.length;
}
