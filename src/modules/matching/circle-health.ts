// A circle's health for the admin: below its minimum size, no meeting scheduled, or no activity for N weeks.
import type { AdminCircleRow } from './circles-admin.repo.js';
import type { Kind } from './draft.js';

export const HEALTH_STATES = ['ok', 'below_min', 'no_meeting_scheduled', 'inactive'] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** Default sizes when a circle's round does not say (circles made by hand, older rounds). */
const DEFAULT_SIZE: Record<Kind, { min: number; max: number }> = { pair: { min: 2, max: 2 }, alliance: { min: 2, max: 2 }, circle: { min: 5, max: 8 } };

export function sizesOf(row: Pick<AdminCircleRow, 'kind' | 'minSize' | 'maxSize'>): { min: number; max: number } {
  const d = DEFAULT_SIZE[row.kind];
  return { min: row.minSize ?? d.min, max: row.maxSize ?? d.max };
}

/** What the health check learns from other modules: meetings (when wired) and chat activity. */
export interface HealthSignals {
  /** Circles with a meeting scheduled from now on; undefined while no meetings module is wired (the state is then never reported). */
  upcoming?: Set<string>;
  /** The newest chat message per circle room. */
  lastMessageAt: Map<string, Date>;
}

/** The newest sign of life: a chat message, a seat change, or the circle's creation. */
export function lastActivity(row: AdminCircleRow, signals: HealthSignals): Date {
  const times = [new Date(row.createdAt).getTime()];
  if (row.lastSeatChange) times.push(new Date(row.lastSeatChange).getTime());
  const msg = signals.lastMessageAt.get(row.id);
  if (msg) times.push(msg.getTime());
  return new Date(Math.max(...times));
}

/** Every state that applies to an open circle (["ok"] when none); a closed circle has none. */
export function healthOf(row: AdminCircleRow, signals: HealthSignals, opts: { inactiveWeeks: number; now: Date }): HealthState[] {
  if (row.closedAt) return [];
  const out: HealthState[] = [];
  if (row.proposed + row.accepted < sizesOf(row).min) out.push('below_min');
  if (signals.upcoming && !signals.upcoming.has(row.id)) out.push('no_meeting_scheduled');
  if (opts.now.getTime() - lastActivity(row, signals).getTime() > opts.inactiveWeeks * 7 * 86_400_000) out.push('inactive');
  return out.length ? out : ['ok'];
}
