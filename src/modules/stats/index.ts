// The admin's read-only network overview: counts over other modules' tables (it writes nothing and owns no table).
export { createStatsService, type StatsService } from './stats.service.js';
export { statsRoutes } from './stats.routes.js';
