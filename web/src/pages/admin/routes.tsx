// The admin console's routes, one line per page (the shell renders them for admins only, under the admin navigation).
// Order matters where patterns overlap: a literal segment before a `:param` one.
import type { AdminRoute } from '../../router.js';
import { ApprovalsPage } from './approvals.js';
import { ModerationPage } from './moderation.js';
import { SuspensionsPage } from './moderation-suspensions.js';
import { CircleListPage, CircleMembersPage } from './moderation-circle.js';

export const ADMIN_ROUTES: AdminRoute[] = [
  { pattern: '/admin', render: () => <ApprovalsPage /> },
  { pattern: '/admin/approvals', render: () => <ApprovalsPage /> },
  { pattern: '/admin/moderation', render: () => <ModerationPage /> },
  { pattern: '/admin/moderation/suspensions', render: () => <SuspensionsPage /> },
  { pattern: '/admin/moderation/circles', render: () => <CircleListPage /> },
  { pattern: '/admin/moderation/circles/:id', render: (p) => <CircleMembersPage id={p.id!} /> },
];
