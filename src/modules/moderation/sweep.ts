// The timer that lifts suspensions whose end has passed, in every process (the UPDATE lifts each member once).
import type { FastifyPluginAsync } from 'fastify';
import { sweep } from '../../plugins/sweep.js';

/** Every `everyMs`, lifts suspensions whose end has passed (login lifts one too, on the way in). */
export const suspensionSweep: FastifyPluginAsync<{ lift: () => Promise<string[]>; everyMs: number; onTick?: () => void }> = async (app, { lift, everyMs, onTick }) => {
  await sweep(app, { run: lift, everyMs, what: 'moderation', done: 'suspensions ended', idsKey: 'memberIds', onTick });
};
