// Pieces shared by the admin's circle pages: the circle's type, its name, its health as tags.
import type { z } from 'zod';
import type { adminCircleSchema, backfillSchema } from '../../../../src/modules/matching/circles-admin.schemas.js';
import { words } from '../../format.js';

export type AdminCircle = z.output<typeof adminCircleSchema>;
export type Backfill = z.output<typeof backfillSchema>;

export const HEALTH_WORDS: Record<string, string> = {
  ok: 'Healthy',
  below_min: 'Below its minimum size',
  no_meeting_scheduled: 'No meeting scheduled',
  inactive: 'Inactive',
};

export const circleName = (c: AdminCircle) => c.name ?? `Unnamed ${c.kind} (${c.members.map((m) => m.displayName).slice(0, 3).join(', ') || 'no members'})`;

export function HealthTags({ circle: c }: { circle: AdminCircle }) {
  if (c.status === 'closed') return <span class="tag" data-testid="circle-health">closed</span>;
  return (
    <span data-testid="circle-health">
      {c.health.map((h) => (
        <span key={h} class={h === 'ok' ? 'tag' : 'tag warn'}>
          {HEALTH_WORDS[h] ?? words(h)}
        </span>
      ))}
    </span>
  );
}
