// The network at a glance for admins: members by status and practice type, circles by health, Q&A per week, open reports.
import { REPORT_TARGET_TYPES } from '../../db/schema/index.js';
import { MEMBER_STATUSES } from '../members/read-port.js';
import { PRACTICE_TYPES } from '../../domain/vocab.js';

type KeyCount = { key: string | null; n: number };

/** What the overview reads, each from the module that owns the data (it queries no table itself). */
export interface StatsPorts {
  /** Members: per status, and active members per practice type. */
  members: { counts(): Promise<{ byStatus: KeyCount[]; activeByPracticeType: KeyCount[] }> };
  /** Q&A: questions and answers per UTC week, keyed by the week's Monday (YYYY-MM-DD). */
  qa: { postsPerWeekSince(since: Date): Promise<{ questions: KeyCount[]; answers: KeyCount[] }> };
  /** Moderation: open reports per target type. */
  moderation: { openReportCounts(): Promise<KeyCount[]> };
  /** Matching: circles by health (health needs chat and meetings signals, so it is not one query). */
  circles: { healthCounts(): Promise<{ open: number; closed: number; byHealth: Record<string, number> }> };
}

export interface StatsDeps extends StatsPorts {
  now?: () => Date;
}

const DAY = 86_400_000;

/** Monday 00:00 UTC of the week holding `at`. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/** Every key of the vocabulary in order (zero when absent), then anything else the table holds. */
function counted<K extends string>(keys: readonly K[], found: { key: string | null; n: number }[]) {
  const byKey = new Map(found.map((r) => [r.key ?? 'unknown', r.n]));
  const out = keys.map((key) => ({ key: key as string, count: byKey.get(key) ?? 0 }));
  for (const [key, count] of byKey) if (!(keys as readonly string[]).includes(key)) out.push({ key, count });
  return out;
}

export function createStatsService(deps: StatsDeps) {
  const now = deps.now ?? (() => new Date());

  async function overview(opts: { weeks: number }) {
    const at = now();
    const first = new Date(weekStart(at).getTime() - (opts.weeks - 1) * 7 * DAY);
    const [memberCounts, posts, reportsOpen, circles] = await Promise.all([
      deps.members.counts(),
      deps.qa.postsPerWeekSince(first),
      deps.moderation.openReportCounts(),
      deps.circles.healthCounts(),
    ]);
    const { byStatus, activeByPracticeType: byType } = memberCounts;
    const q = new Map(posts.questions.map((r) => [r.key, r.n]));
    const a = new Map(posts.answers.map((r) => [r.key, r.n]));
    const weeks = Array.from({ length: opts.weeks }, (_, i) => new Date(first.getTime() + i * 7 * DAY).toISOString().slice(0, 10)).map((week) => ({
      weekStart: week,
      questions: q.get(week) ?? 0,
      answers: a.get(week) ?? 0,
    }));
    const reportRows = counted(REPORT_TARGET_TYPES, reportsOpen);
    return {
      generatedAt: at.toISOString(),
      members: {
        byStatus: counted(MEMBER_STATUSES, byStatus).map(({ key, count }) => ({ status: key, count })),
        activeByPracticeType: counted(PRACTICE_TYPES, byType).map(({ key, count }) => ({ practiceType: key, count })),
      },
      circles: { open: circles.open, closed: circles.closed, byHealth: Object.entries(circles.byHealth).map(([health, count]) => ({ health, count })) },
      qa: { weeks },
      reports: { open: reportRows.reduce((n, r) => n + r.count, 0), byTargetType: reportRows.map(({ key, count }) => ({ targetType: key, count })) },
    };
  }

  return { overview };
}

export type StatsService = ReturnType<typeof createStatsService>;
