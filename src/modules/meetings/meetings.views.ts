// Shapes occurrences and series for the API: UTC instants, the series' own local time and the viewer's.
import type { RecurrenceRule } from '../../db/schema/meetings.js';
import { inZone, type Occurrence, type SeriesRow } from './occurrences.js';
import type { OccurrenceOut } from './meetings.schemas.js';
import { rruleText } from './recurrence.js';

const local = (occ: Occurrence, zone: string) => ({ timezone: zone, startsAt: inZone(occ.startsAt, zone), endsAt: inZone(occ.endsAt, zone) });

export function toOccurrenceOut(occ: Occurrence, viewerZone: string, rrule: string | null, myRsvp: OccurrenceOut['myRsvp'] = null): OccurrenceOut {
  return {
    occurrenceId: occ.occurrenceId,
    seriesId: occ.seriesId,
    circleId: occ.circleId,
    title: occ.title,
    startsAt: occ.startsAt.toISOString(),
    endsAt: occ.endsAt.toISOString(),
    originalStartsAt: occ.recurrenceId.toISOString(),
    durationMinutes: occ.durationMinutes,
    timezone: occ.timezone,
    seriesLocal: local(occ, occ.timezone),
    local: local(occ, viewerZone),
    location: occ.location,
    videoUrl: occ.videoUrl,
    status: occ.status,
    sequence: occ.sequence,
    recurring: occ.recurring,
    rescheduled: occ.rescheduled,
    rrule,
    myRsvp,
    notes: occ.notes,
  };
}

export function toSeriesOut(series: SeriesRow, occurrences: OccurrenceOut[]) {
  return {
    id: series.id,
    circleId: series.circleId,
    title: series.title,
    startsAt: series.startsAt.toISOString(),
    timezone: series.timezone,
    durationMinutes: series.durationMinutes,
    location: series.location,
    videoUrl: series.videoUrl,
    recurrence: (series.recurrence as RecurrenceRule | null) ?? null,
    rrule: rruleText(series),
    sequence: series.sequence,
    occurrences,
  };
}
