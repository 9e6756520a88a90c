// The admin console's routes, one line per page (the shell renders them for admins only, under the admin navigation).
// Order matters where patterns overlap: a literal segment before a `:param` one.
import type { AdminRoute } from '../../router.js';
import { ApprovalsPage } from './approvals.js';
import { AuditPage } from './audit.js';
import { CircleAdminPage } from './circle-admin.js';
import { CirclesPage } from './circles.js';
import { NetworkPage, STATS_PATH } from './network.js';
import { MatchingPage } from './matching.js';
import { MatchingRoundPage } from './matching-round.js';
import { ModerationPage } from './moderation.js';
import { SuspensionsPage } from './moderation-suspensions.js';
import { CircleListPage, CircleMembersPage } from './moderation-circle.js';

export const ADMIN_ROUTES: AdminRoute[] = [
  { pattern: '/admin', render: () => <NetworkPage />, preload: () => [STATS_PATH] },
  { pattern: '/admin/approvals', render: () => <ApprovalsPage /> },
  { pattern: '/admin/circles', render: () => <CirclesPage /> },
  { pattern: '/admin/circles/:id', render: (p) => <CircleAdminPage id={p.id!} />, preload: (p) => [`/admin/circles/${p.id}`] },
  { pattern: '/admin/audit', render: () => <AuditPage /> },
  { pattern: '/admin/network', render: () => <NetworkPage />, preload: () => [STATS_PATH] },
  { pattern: '/admin/matching', render: () => <MatchingPage />, preload: () => ['/admin/matching/rounds?limit=20'] },
  { pattern: '/admin/matching/:id', render: (p) => <MatchingRoundPage id={p.id!} />, preload: (p) => [`/admin/matching/rounds/${p.id}`] },
  { pattern: '/admin/moderation', render: () => <ModerationPage /> },
  { pattern: '/admin/moderation/suspensions', render: () => <SuspensionsPage /> },
  { pattern: '/admin/moderation/circles', render: () => <CircleListPage /> },
  { pattern: '/admin/moderation/circles/:id', render: (p) => <CircleMembersPage id={p.id!} /> },
];
