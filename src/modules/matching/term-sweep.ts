// The timer that closes circles whose term has ended, in every process (the conditional update closes each once).
import type { FastifyPluginAsync } from 'fastify';

/** Every `everyMs` (first run one interval after start); a run never overlaps the previous one; close waits for a run in progress. */
export const termSweep: FastifyPluginAsync<{ closeExpired: () => Promise<string[]>; everyMs: number }> = async (app, { closeExpired, everyMs }) => {
  let running: Promise<unknown> | null = null;
  const sweep = () => {
    if (running) return;
    running = closeExpired()
      .then((ids) => {
        if (ids.length) app.log.info({ circleIds: ids }, 'matching: circles closed at the end of their term');
      })
      .catch((err) => app.log.error({ err }, 'matching: term sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(sweep, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
};
