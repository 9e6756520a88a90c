// Admin console, the network at a glance (the console's landing page): members by status and practice type, circles
// by health, questions and answers per week, open reports. Charts by Chart.js; each has its numbers in a table beside it.
import type { z } from 'zod';
import type { networkStatsSchema } from '../../../../src/modules/stats/stats.schemas.js';
import { api } from '../../api.js';
import { words } from '../../format.js';
import { Link } from '../../router.js';
import { ErrorNote, Loading, Page, useData } from '../../ui.js';
import { ChartFigure } from './network-figure.js';
import { HEALTH_WORDS } from './circle-parts.js';
import './console.css';

type Stats = z.output<typeof networkStatsSchema>;
export const STATS_PATH = '/admin/stats?weeks=12';

const GREEN = '#1f6f5c';
const AMBER = '#b35c00';

export function NetworkPage() {
  const { data: s, error, loading } = useData((signal) => api<Stats>(STATS_PATH, { signal }), []);
  return (
    <Page title="The network at a glance">
      {loading && !s && <Loading what="the network’s figures" />}
      <ErrorNote error={error} />
      {s && (
        <>
          <ul class="figures" data-testid="network-figures">
            <li>
              <strong data-testid="figure-active">{s.members.byStatus.find((r) => r.status === 'active')?.count ?? 0}</strong> active members
            </li>
            <li>
              <strong data-testid="figure-pending">{s.members.byStatus.find((r) => r.status === 'pending')?.count ?? 0}</strong> <Link href="/admin/approvals">applications to review</Link>
            </li>
            <li>
              <strong data-testid="figure-open-circles">{s.circles.open}</strong> <Link href="/admin/circles">open circles</Link> ({s.circles.closed} closed)
            </li>
            <li>
              <strong data-testid="figure-open-reports">{s.reports.open}</strong> <Link href="/admin/moderation">open reports</Link>
            </li>
          </ul>
          <div class="charts">
            <ChartFigure
              id="members-status"
              title="Members by status"
              spec={{ type: 'bar', labels: s.members.byStatus.map((r) => words(r.status)), series: [{ label: 'Members', values: s.members.byStatus.map((r) => r.count), color: GREEN }] }}
              keys={s.members.byStatus.map((r) => r.status)}
            />
            <ChartFigure
              id="members-type"
              title="Active members by practice type"
              spec={{
                type: 'bar',
                horizontal: true,
                labels: s.members.activeByPracticeType.map((r) => words(r.practiceType)),
                series: [{ label: 'Active members', values: s.members.activeByPracticeType.map((r) => r.count), color: GREEN }],
              }}
              keys={s.members.activeByPracticeType.map((r) => r.practiceType)}
            />
            <ChartFigure
              id="circles-health"
              title="Open circles by health"
              note="A circle in two states counts in both."
              spec={{ type: 'bar', horizontal: true, labels: s.circles.byHealth.map((r) => HEALTH_WORDS[r.health] ?? words(r.health)), series: [{ label: 'Open circles', values: s.circles.byHealth.map((r) => r.count), color: AMBER }] }}
              keys={s.circles.byHealth.map((r) => r.health)}
            />
            <ChartFigure
              id="qa-weeks"
              title="Questions and answers per week"
              note="Weeks start on Monday (UTC); this week is last and still running."
              spec={{
                type: 'line',
                labels: s.qa.weeks.map((w) => w.weekStart),
                series: [
                  { label: 'Questions', values: s.qa.weeks.map((w) => w.questions), color: GREEN },
                  { label: 'Answers', values: s.qa.weeks.map((w) => w.answers), color: AMBER },
                ],
              }}
              keys={s.qa.weeks.map((w) => w.weekStart)}
              rowHead="Week of"
            />
            <ChartFigure
              id="reports-open"
              title="Open reports by what was reported"
              spec={{ type: 'bar', labels: s.reports.byTargetType.map((r) => words(r.targetType)), series: [{ label: 'Open reports', values: s.reports.byTargetType.map((r) => r.count), color: AMBER }] }}
              keys={s.reports.byTargetType.map((r) => r.targetType)}
            />
          </div>
        </>
      )}
    </Page>
  );
}
