// The matching module: rounds and circles (admin), circles (members), wired to the engine runner, domain events, chat and notifications.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import type { Notifier } from '../notifications/port.js';
import { circlesAdminRoutes } from './circles-admin.routes.js';
import { createCirclesAdminService, type MeetingsProbe } from './circles-admin.service.js';
import { circlesRoutes } from './circles.routes.js';
import { createCirclesService } from './circles.service.js';
import { createEngineRunner } from './engine-runner.js';
import type { MatchingHooks } from './hooks.js';
import { matchingRoutes } from './matching.routes.js';
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
  /** Other modules' hooks into publish and seat answers (the alliance ledger), run in matching's transactions. */
  hooks?: MatchingHooks;
}

export const matchingModule: FastifyPluginAsync<MatchingModuleOptions> = async (app, { config, database, notifier, meetings, lastMessageAt, hooks, unreadCounts }) => {
  const runner = createEngineRunner({ threshold: config.MATCHING_WORKER_THRESHOLD });
  app.addHook('onClose', async () => runner.close());
  const matching = createMatchingService({ database, config, events: app.events, runner, notifier, hooks });
  const circles = createCirclesService({ database, events: app.events, unreadCounts, log: app.log, notifier, hooks });
  const circlesAdmin = createCirclesAdminService({ database, config, events: app.events, notifier, meetings, lastMessageAt });
  await app.register(matchingRoutes, { matching });
  await app.register(circlesRoutes, { circles });
  await app.register(circlesAdminRoutes, { circlesAdmin });
};

export { releasePendingMatches, announceReleased, type Released } from './release.js';
export { type MeetingsProbe } from './circles-admin.service.js';
export type { MatchingHooks, PublishedCircle, SeatAnswer } from './hooks.js';
export { createAllianceCircle, acceptAllianceSeat } from './alliance-circle.js';
