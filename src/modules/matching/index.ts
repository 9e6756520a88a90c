// The matching module: its routes (rounds for admins, circles for members) and the services and ports app.ts builds them from.
import type { FastifyPluginAsync } from 'fastify';
import { circlesRoutes } from './circles.routes.js';
import type { CirclesService } from './circles.service.js';
import { matchingRoutes } from './matching.routes.js';
import type { MatchingService } from './matching.service.js';

export const matchingModule: FastifyPluginAsync<{ matching: MatchingService; circles: CirclesService }> = async (app, { matching, circles }) => {
  await app.register(matchingRoutes, { matching });
  await app.register(circlesRoutes, { circles });
};

export { createCirclesService, type CirclesService } from './circles.service.js';
export { createEngineRunner } from './engine-runner.js';
export { createMatchingService, type MatchingService } from './matching.service.js';
export { releasePendingMatches, type Released } from './release.js';
export { seats, type Seats } from './seats.js';
