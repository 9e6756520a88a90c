// The timer that closes circles whose term has ended, in every process (the conditional update closes each once).
import type { FastifyPluginAsync } from 'fastify';
import { sweep } from '../../plugins/sweep.js';

export const termSweep: FastifyPluginAsync<{ closeExpired: () => Promise<string[]>; everyMs: number }> = async (app, { closeExpired, everyMs }) => {
  await sweep(app, { run: closeExpired, everyMs, what: 'matching', done: 'circles closed at the end of their term', idsKey: 'circleIds' });
};
