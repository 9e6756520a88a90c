// The admin console's own navigation: one list, in console order; a link shows once its page is in ADMIN_ROUTES.
import { Link, match } from '../../router.js';
import { ADMIN_ROUTES } from './routes.js';

/** [href, label]: the console's sections; `/admin` itself is the landing page. */
const ADMIN_NAV: [string, string][] = [
  ['/admin/approvals', 'Approvals'],
  ['/admin/matching', 'Matching'],
  ['/admin/circles', 'Circles'],
  ['/admin/moderation', 'Moderation'],
  ['/admin/audit', 'Audit log'],
  ['/admin/network', 'Network'],
];

const exists = (href: string) => ADMIN_ROUTES.some((r) => match(r.pattern, href));

/** The section a path belongs to: `/admin/matching/12` is under Matching. */
function current(href: string, path: string): boolean {
  if (href === '/admin/network' && path === '/admin') return true; // the landing page is the network overview
  return path === href || path.startsWith(`${href}/`);
}

export function AdminNav({ path }: { path: string }) {
  const links = ADMIN_NAV.filter(([href]) => exists(href));
  return (
    <nav aria-label="Admin" class="admin-nav" data-testid="admin-nav">
      <ul>
        {links.map(([href, label]) => (
          <li key={href}>
            <Link href={href} aria-current={current(href, path) ? 'page' : undefined} data-testid={`admin-nav-${href.slice('/admin/'.length)}`}>
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
