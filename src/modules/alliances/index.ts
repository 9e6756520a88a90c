// The alliance ledger module: routes, service, matching hooks, and what notifications need (reviews due).
export { alliancesRoutes } from './alliances.routes.js';
export { createAlliancesService, type AlliancesService } from './alliances.service.js';
export { allianceMatchingHooks } from './alliances.matching.js';
export { reviewsDue } from './alliances.repo.js';
