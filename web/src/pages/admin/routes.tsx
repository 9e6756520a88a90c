// The admin console's routes, one line per page (the shell renders them for admins only, under the admin navigation).
// Order matters where patterns overlap: a literal segment before a `:param` one.
import type { AdminRoute } from '../../router.js';
import { ApprovalsPage } from './approvals.js';

export const ADMIN_ROUTES: AdminRoute[] = [
  { pattern: '/admin', render: () => <ApprovalsPage /> },
  { pattern: '/admin/approvals', render: () => <ApprovalsPage /> },
];
