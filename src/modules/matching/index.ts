// The matching module: rounds (admin) and circles (members), wired to the engine runner, domain events and chat's unread counts.
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { circlesRoutes } from './circles.routes.js';
import { createCirclesService } from './circles.service.js';
import { createEngineRunner } from './engine-runner.js';
import { matchingRoutes } from './matching.routes.js';
import { createMatchingService } from './matching.service.js';

export const matchingModule: FastifyPluginAsync<{ config: Config; database: Database; unreadCounts?: (memberId: string) => Promise<Map<string, number>> }> = async (
  app,
  { config, database, unreadCounts },
) => {
  const runner = createEngineRunner({ threshold: config.MATCHING_WORKER_THRESHOLD });
  app.addHook('onClose', async () => runner.close());
  const matching = createMatchingService({ database, config, events: app.events, runner });
  const circles = createCirclesService({ database, events: app.events, unreadCounts, log: app.log });
  await app.register(matchingRoutes, { matching });
  await app.register(circlesRoutes, { circles });
};

export { releasePendingMatches, announceReleased, type Released } from './release.js';
