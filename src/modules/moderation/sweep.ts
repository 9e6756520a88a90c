// The timer that lifts suspensions whose end has passed, in every process (the UPDATE lifts each member once).
import type { FastifyPluginAsync } from 'fastify';

/**
 * Every `everyMs`, lifts suspensions whose end has passed (login lifts one too, on the way in). The first run comes one
 * interval after start; a run never overlaps the previous one; close waits for a run in progress.
 */
export const suspensionSweep: FastifyPluginAsync<{ lift: () => Promise<string[]>; everyMs: number }> = async (app, { lift, everyMs }) => {
  let running: Promise<unknown> | null = null;
  const sweep = () => {
    if (running) return;
    running = lift()
      .then((ids) => {
        if (ids.length) app.log.info({ memberIds: ids }, 'moderation: suspensions ended');
      })
      .catch((err) => app.log.error({ err }, 'moderation: suspension sweep failed'))
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
