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
  /** Called on every tick of the timer, also when a run is still in progress (tests wait on it instead of sleeping). */
  onTick?: () => void;
}

/** Every `everyMs` (first run one interval after start); a run never overlaps the previous one; close waits for a run in progress. */
export const sweep: FastifyPluginAsync<SweepOptions> = async (app, { run, everyMs, what, done, idsKey, onTick }) => {
  let running: Promise<unknown> | null = null;
  const pass = () => {
    onTick?.();
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
