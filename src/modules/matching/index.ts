// The matching module: rounds and circles (admin), circles (members), wired to the engine runner, domain events, chat and notifications.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Notifier } from '../notifications/port.js';
import { circlesAdminRoutes } from './circles-admin.routes.js';
import { createCirclesAdminService, type MeetingsProbe } from './circles-admin.service.js';
import { circlesRoutes } from './circles.routes.js';
import { createCirclesService } from './circles.service.js';
import { createEngineRunner, type EngineRunner } from './engine-runner.js';
import type { MatchingHooks } from './hooks.js';
import { matchingRoutes } from './matching.routes.js';
import { termSweep } from './term-sweep.js';
import { createMatchingService } from './matching.service.js';

export interface MatchingModuleOptions {
  config: Config;
  database: Database;
  notifier?: Notifier;
  /** Upcoming meetings per circle, for the health check (the meetings module, once wired). */
  meetings?: MeetingsProbe;
  /** Unread chat messages per room of a member (chat's port), for the circles list. */
  unreadCounts?: (memberId: string) => Promise<Map<string, number>>;
  /** The newest chat message per circle room, for the health check. */
  lastMessageAt?: (circleIds: readonly string[]) => Promise<Map<string, Date>>;
  /** Observes each engine job's duration (the metrics' matching histogram). */
  observeEngineJob?: (op: string, computedIn: 'inline' | 'worker', seconds: number) => void;
  /** Other modules' hooks into publish and seat answers (the alliance ledger), run in matching's transactions. */
  hooks?: MatchingHooks;
}

export const matchingModule: FastifyPluginAsync<MatchingModuleOptions> = async (app, { config, database, notifier, meetings, lastMessageAt, hooks, unreadCounts, observeEngineJob }) => {
  const runner = timed(createEngineRunner({ threshold: config.MATCHING_WORKER_THRESHOLD }), observeEngineJob);
  app.addHook('onClose', async () => runner.close());
  const matching = createMatchingService({ database, config, events: app.events, runner, notifier, hooks });
  const circles = createCirclesService({ database, events: app.events, unreadCounts, log: app.log, notifier, hooks });
  const circlesAdmin = createCirclesAdminService({ database, config, events: app.events, notifier, meetings, lastMessageAt });
  await app.register(matchingRoutes, { matching });
  await app.register(circlesRoutes, { circles });
  await app.register(circlesAdminRoutes, { circlesAdmin });
  // Circles close by themselves when their term ends (an admin may close one earlier).
  await app.register(termSweep, { closeExpired: () => circlesAdmin.closeExpired(), everyMs: config.CIRCLE_TERM_SWEEP_MS });
};

/** The runner, with each job's duration reported (when someone listens). */
function timed(runner: EngineRunner, observe: MatchingModuleOptions['observeEngineJob']): EngineRunner {
  if (!observe) return runner;
  const run = (async (job) => {
    const started = performance.now();
    const result = await runner.run(job);
    observe(job.op, result.computedIn, (performance.now() - started) / 1000);
    return result;
  }) as EngineRunner['run'];
  return { ...runner, run };
}

export { releasePendingMatches, announceReleased, type Released } from './release.js';
export { type MeetingsProbe } from './circles-admin.service.js';
export type { MatchingHooks, PublishedCircle, SeatAnswer } from './hooks.js';
export { createAllianceCircle, acceptAllianceSeat } from './alliance-circle.js';
