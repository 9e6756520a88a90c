// The admin's read-only network overview: it composes counts that members, Q&A, moderation and matching expose (it owns no table).
export { createStatsService, type StatsService } from './stats.service.js';
export { statsRoutes } from './stats.routes.js';
