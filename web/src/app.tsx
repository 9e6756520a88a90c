// The shell: session bootstrap, navigation, routes, and the guards (members; admins, who alone see /admin).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, onUnauthenticated, preload } from './api.js';
import { Link, match, navigate, useLocation, type Route } from './router.js';
import { SessionContext, useSession } from './session.js';
import type { Member } from './types.js';
import { Loading } from './ui.js';
import { LoginPage, RegisterPage, VerifyEmailPage } from './pages/auth.js';
import { CIRCLES_PATH, HomePage } from './pages/home.js';
import { ProfilePage } from './pages/profile.js';
import { CirclePage } from './pages/circle.js';
import { closeChat } from './chat.js';
import { QaListPage, questionsPath } from './pages/qa-list.js';
import { historyPath } from './pages/chat-panel.js';
import { SettingsPage } from './pages/settings.js';
import { NotificationsPage } from './pages/notifications.js';
import { useUnreadNotifications } from './notifications.js';
import { ADMIN_ROUTES } from './pages/admin/routes.js';
import { AdminNav } from './pages/admin/admin-nav.js';
import { AlliancesPage } from './pages/alliances.js';
import { QaAskPage } from './pages/qa-ask.js';
import { QaThreadPage } from './pages/qa-thread.js';
import { NotFoundPage } from './pages/not-found.js';

const ROUTES: Route[] = [
  { pattern: '/login', render: () => <LoginPage />, access: 'public' },
  { pattern: '/register', render: () => <RegisterPage />, access: 'public' },
  { pattern: '/verify-email', render: () => <VerifyEmailPage />, access: 'public' },
  { pattern: '/', render: () => <HomePage />, access: 'member', preload: () => [CIRCLES_PATH] },
  { pattern: '/profile', render: () => <ProfilePage />, access: 'member' },
  { pattern: '/circles/:id', render: (p) => <CirclePage id={p.id!} />, access: 'member', preload: (p) => [`/circles/${p.id}`, historyPath(p.id!)] },
  { pattern: '/qa', render: () => <QaListPage />, access: 'member', preload: (_p, query) => [questionsPath(query)] },
  { pattern: '/qa/ask', render: () => <QaAskPage />, access: 'member' },
  { pattern: '/settings', render: () => <SettingsPage />, access: 'member' },
  { pattern: '/notifications', render: () => <NotificationsPage />, access: 'member' },
  { pattern: '/alliances', render: () => <AlliancesPage />, access: 'member' },
  // The admin console (pages/admin/routes.tsx): members who open them get the "not found" page.
  ...ADMIN_ROUTES.map((r): Route => ({ ...r, access: 'admin' })),
  { pattern: '/qa/:id', render: (p) => <QaThreadPage id={p.id!} />, access: 'member' },
];

/** At boot: GET /me and the first page's reads go out together. */
function preloadFirstPage(): void {
  preload('/me');
  for (const route of ROUTES) {
    const params = match(route.pattern, location.pathname);
    if (!params) continue;
    if (route.access !== 'public') for (const path of route.preload?.(params, new URLSearchParams(location.search)) ?? []) preload(path);
    return;
  }
}
preloadFirstPage();

export function App() {
  const [me, setMe] = useState<Member | null | undefined>(undefined);
  const refresh = async () => {
    try {
      setMe(await api<Member>('/me'));
    } catch (err) {
      if (err instanceof ApiError && (err.statusCode === 401 || err.statusCode === 403)) setMe(null);
      else throw err;
    }
  };
  useEffect(() => {
    refresh().catch(() => setMe(null));
    return onUnauthenticated(() => {
      closeChat();
      setMe(null);
    });
  }, []);
  return (
    <SessionContext.Provider value={{ me, setMe, refresh }}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  const { me } = useSession();
  const loc = useLocation();
  const main = useRef<HTMLElement>(null);
  // After an in-app navigation, move focus to the new page's heading (screen readers announce it).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const h1 = main.current?.querySelector<HTMLElement>('h1');
    h1?.focus();
  }, [loc.path]);

  let content: ComponentChildren = <NotFoundPage />;
  for (const route of ROUTES) {
    const params = match(route.pattern, loc.path);
    if (!params) continue;
    if (route.access === 'public') content = route.render(params);
    else if (me === undefined) content = <Loading what="your account" />;
    else if (me === null) content = <Redirect to={`/login?next=${encodeURIComponent(loc.path + location.search)}`} />;
    // A member who opens an admin page sees the same "not found" as for a page that does not exist.
    else if (route.access === 'admin' && me.role !== 'admin') content = <NotFoundPage />;
    else if (route.access === 'admin')
      content = (
        <>
          <AdminNav path={loc.path} />
          {route.render(params)}
        </>
      );
    else content = route.render(params);
    break;
  }
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <Nav />
      <main id="main" ref={main}>
        {content}
      </main>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Nav() {
  const { me, setMe } = useSession();
  const loc = useLocation();
  const current = (href: string) => (href === '/' ? loc.path === '/' || loc.path.startsWith('/circles') : loc.path.startsWith(href));
  const unread = useUnreadNotifications(Boolean(me));
  const links: [string, string][] = me ? [['/', 'My circles'], ['/alliances', 'Alliances'], ['/qa', 'Q&A'], ['/notifications', 'Notifications'], ['/profile', 'Profile'], ['/settings', 'Account']] : [];
  if (me?.role === 'admin') links.push(['/admin', 'Admin']);
  async function logout() {
    try {
      await api('/auth/logout', { method: 'POST' });
    } finally {
      closeChat();
      setMe(null);
      navigate('/login');
    }
  }
  return (
    <header class="topbar">
      <Link href="/" class="brand">
        Practice Peers
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={current(href) ? 'page' : undefined} data-testid={`nav-${label.toLowerCase().replace(/\W+/g, '-')}`}>
                {label}
                {href === '/notifications' && unread > 0 && (
                  <span class="badge nav-badge" data-testid="unread-notifications">
                    {unread}
                    <span class="sr-only"> unread</span>
                  </span>
                )}
              </Link>
            </li>
          ))}
          {me ? (
            <li>
              <button type="button" class="link" onClick={logout} data-testid="logout">
                Log out
              </button>
            </li>
          ) : (
            <>
              <li>
                <Link href="/login">Log in</Link>
              </li>
              <li>
                <Link href="/register">Join</Link>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}
