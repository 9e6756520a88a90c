// A periodic sweep in every process (suspensions lifted, circle terms ended): the sweep's own conditional UPDATE acts once.
import type { FastifyPluginAsync } from 'fastify';

export interface SweepOptions {
  /** Does one pass and returns the ids it acted on. */
  run: () => Promise<string[]>;
  everyMs: number;
  /** Log wording: `${what} ${done}` when a pass acted on some ids, `${what} sweep failed` on an error. */
  what: string;
  done: string;
  idsKey: string;
}

/** Every `everyMs` (first run one interval after start); a run never overlaps the previous one; close waits for a run in progress. */
export const sweep: FastifyPluginAsync<SweepOptions> = async (app, { run, everyMs, what, done, idsKey }) => {
  let running: Promise<unknown> | null = null;
  const pass = () => {
    if (running) return;
    running = run()
      .then((ids) => {
        if (ids.length) app.log.info({ [idsKey]: ids }, `${what}: ${done}`);
      })
      .catch((err) => app.log.error({ err }, `${what}: sweep failed`))
      .finally(() => {
        running = null;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(pass, everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
};
