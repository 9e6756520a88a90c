// Request and response shapes of the admin's network overview.
import { z } from 'zod';

export const statsQuery = z
  .object({ weeks: z.coerce.number().int().min(1).max(52).default(12).meta({ description: 'Weeks of Q&A activity, this week included (default 12)' }) })
  .strict();

const count = z.number().int().min(0);

export const networkStatsSchema = z
  .object({
    generatedAt: z.string(),
    members: z.object({
      byStatus: z.array(z.object({ status: z.string(), count })).meta({ description: 'Every member by account status (pending, active, suspended, rejected)' }),
      activeByPracticeType: z.array(z.object({ practiceType: z.string(), count })).meta({ description: 'Active members by their profile’s practice type, every type listed' }),
    }),
    circles: z.object({
      open: count,
      closed: count,
      byHealth: z.array(z.object({ health: z.string(), count })).meta({ description: 'Open circles per health state; a circle in two states counts in both' }),
    }),
    qa: z.object({
      weeks: z
        .array(z.object({ weekStart: z.string().meta({ description: 'Monday, UTC (YYYY-MM-DD)' }), questions: count, answers: count }))
        .meta({ description: 'Questions and answers posted per UTC week, oldest first, this week last (hidden or removed since included)' }),
    }),
    reports: z.object({ open: count, byTargetType: z.array(z.object({ targetType: z.string(), count })) }),
  })
  .meta({ id: 'NetworkStats' });
