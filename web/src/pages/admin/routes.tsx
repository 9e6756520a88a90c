// The admin console's routes, one line per page (the shell renders them for admins only, under the admin navigation).
// Order matters where patterns overlap: a literal segment before a `:param` one.
import type { AdminRoute } from '../../router.js';
import { ApprovalsPage } from './approvals.js';
import { MatchingPage } from './matching.js';
import { MatchingRoundPage } from './matching-round.js';

export const ADMIN_ROUTES: AdminRoute[] = [
  { pattern: '/admin', render: () => <ApprovalsPage /> },
  { pattern: '/admin/approvals', render: () => <ApprovalsPage /> },
  { pattern: '/admin/matching', render: () => <MatchingPage />, preload: () => ['/admin/matching/rounds?limit=20'] },
  { pattern: '/admin/matching/:id', render: (p) => <MatchingRoundPage id={p.id!} />, preload: (p) => [`/admin/matching/rounds/${p.id}`] },
];
