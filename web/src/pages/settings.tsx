// Account security: my sessions (end one, log out everywhere) and changing my password.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { closeChat } from '../chat.js';
import { formatTime } from '../format.js';
import { navigate } from '../router.js';
import { useMe, useSession } from '../session.js';
import type { Page as ApiPage } from '../types.js';
import { ErrorNote, Field, fieldErrors, Loading, Page, useData } from '../ui.js';

interface SessionRow {
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

/** "Mozilla/5.0 (X11; Linux x86_64) … Chrome/156…" → "Chrome on Linux". */
function device(ua: string | null): string {
  if (!ua) return 'An app or script';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'A browser';
  const os = /iPhone|iPad/.test(ua) ? 'iOS' : /Android/.test(ua) ? 'Android' : /Mac OS X/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return os ? `${browser} on ${os}` : browser;
}

export function SettingsPage() {
  const me = useMe();
  const { setMe } = useSession();
  const tz = me.profile.timezone;
  const { data, error, loading, reload } = useData((signal) => api<ApiPage<SessionRow>>('/me/sessions?limit=50', { signal }), []);
  const [actionError, setActionError] = useState<unknown>(null);

  async function end(id: string) {
    setActionError(null);
    try {
      await api(`/me/sessions/${id}`, { method: 'DELETE' });
      reload();
    } catch (err) {
      setActionError(err);
    }
  }
  async function logoutEverywhere() {
    setActionError(null);
    try {
      await api('/auth/logout-all', { method: 'POST' });
      closeChat();
      setMe(null);
      navigate('/login');
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <Page title="Sessions and password">
      <section class="card" aria-labelledby="sessions-title" data-testid="sessions">
        <h2 id="sessions-title">Where you are logged in</h2>
        {loading && !data && <Loading what="your sessions" />}
        <ErrorNote error={error ?? actionError} />
        <ul class="sessions">
          {data?.items.map((s) => (
            <li key={s.id} data-testid="session">
              <strong>{device(s.userAgent)}</strong>
              {s.current && <span class="badge">this browser</span>}
              <br />
              <span class="muted">
                Logged in {formatTime(s.createdAt, tz)} · last used {s.lastUsedAt ? formatTime(s.lastUsedAt, tz) : 'never'}
              </span>
              {!s.current && (
                <>
                  {' '}
                  <button type="button" class="link" onClick={() => end(s.id)} data-testid="end-session">
                    Log this one out
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
        <button type="button" class="secondary" onClick={logoutEverywhere} data-testid="logout-everywhere">
          Log out everywhere (this browser too)
        </button>
      </section>
      <PasswordForm />
    </Page>
  );
}

function PasswordForm() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const { fields, general } = fieldErrors(error, { WRONG_PASSWORD: 'currentPassword' });
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await api('/me/password', { method: 'POST', body: { currentPassword, newPassword } });
      setCurrent('');
      setNew('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="card narrow" onSubmit={submit} noValidate data-testid="password-form">
      <h2>Change your password</h2>
      <p class="muted">Every other session ends when you change it.</p>
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={currentPassword} onValue={setCurrent} error={fields.currentPassword} data-testid="current-password" />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 12 characters" value={newPassword} onValue={setNew} error={fields.newPassword} data-testid="new-password" />
      {general && (
        <p class="error" role="alert">
          {general}
        </p>
      )}
      {done && (
        <p class="ok" role="status" data-testid="password-changed">
          Password changed; your other sessions are logged out.
        </p>
      )}
      <button type="submit" data-testid="password-submit">
        Change password
      </button>
    </form>
  );
}
