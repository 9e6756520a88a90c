// The moderation module: member and admin routes, and the sweep that lifts suspensions whose end has passed.
import type { FastifyPluginAsync } from 'fastify';
import { adminModerationRoutes } from './admin.routes.js';
import type { ModerationService } from './moderation.service.js';
import { reportsRoutes } from './reports.routes.js';
import { suspensionSweep } from './sweep.js';

export const moderationModule: FastifyPluginAsync<{ moderation: ModerationService; sweepMs: number }> = async (app, { moderation, sweepMs }) => {
  await app.register(reportsRoutes, { moderation });
  await app.register(adminModerationRoutes, { moderation });
  await app.register(suspensionSweep, { lift: () => moderation.liftExpiredSuspensions(), everyMs: sweepMs });
};

export { createModerationService, type ModerationService } from './moderation.service.js';
export { suspensionSweep } from './sweep.js';
export { chatMessageModerator } from './content-chat.js';
export type { ContentModerator, ContentRegistry, QuestionLocker, ReviewContent } from './content.js';
