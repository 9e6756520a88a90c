// The matching module: its routes (rounds and circles for admins, circles for members), and what app.ts builds them from.
import type { FastifyPluginAsync } from 'fastify';
import { circlesAdminRoutes } from './circles-admin.routes.js';
import type { CirclesAdminService } from './circles-admin.service.js';
import { circlesRoutes } from './circles.routes.js';
import type { CirclesService } from './circles.service.js';
import type { EngineRunner } from './engine-runner.js';
import { matchingRoutes } from './matching.routes.js';
import type { MatchingService } from './matching.service.js';
import { termSweep } from './term-sweep.js';

export interface MatchingModuleOptions {
  matching: MatchingService;
  circles: CirclesService;
  circlesAdmin: CirclesAdminService;
  /** How often circles whose term has ended are closed. */
  termSweepMs: number;
}

/** The routes plugin: the services are built in app.ts (engine runner, notifier, chat's and meetings' ports passed in there). */
export const matchingModule: FastifyPluginAsync<MatchingModuleOptions> = async (app, { matching, circles, circlesAdmin, termSweepMs }) => {
  await app.register(matchingRoutes, { matching });
  await app.register(circlesRoutes, { circles });
  await app.register(circlesAdminRoutes, { circlesAdmin });
  // Circles close by themselves when their term ends (an admin may close one earlier).
  await app.register(termSweep, { closeExpired: () => circlesAdmin.closeExpired(), everyMs: termSweepMs });
};

/** The runner, with each job's duration reported (when someone listens: the metrics' matching histogram). */
export function withJobTiming(runner: EngineRunner, observe?: (op: string, computedIn: 'inline' | 'worker', seconds: number) => void): EngineRunner {
  if (!observe) return runner;
  const run = (async (job) => {
    const started = performance.now();
    const result = await runner.run(job);
    observe(job.op, result.computedIn, (performance.now() - started) / 1000);
    return result;
  }) as EngineRunner['run'];
  return { ...runner, run };
}

export { createCirclesAdminService, type CirclesAdminService, type MeetingsProbe } from './circles-admin.service.js';
export { createCirclesService, type CirclesService } from './circles.service.js';
export { createEngineRunner, type EngineRunner } from './engine-runner.js';
export { createMatchingService, type MatchingService } from './matching.service.js';
export { releasePendingMatches, type Released } from './release.js';
export { seats, type Seats } from './seats.js';
export type { MatchingHooks, PublishedCircle, SeatAnswer } from './hooks.js';
export { createAllianceCircle, acceptAllianceSeat } from './alliance-circle.js';
