// Log in, register (with the eligibility questions), and the email verification link's page.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { Link, navigate, useLocation } from '../router.js';
import { useSession } from '../session.js';
import type { Member } from '../types.js';
import { ErrorNote, Field, fieldErrors, Page } from '../ui.js';
import { emptyDraft, profileBody, ProfileFields, type ProfileDraft } from './profile-form.js';

/** Only same-app paths are followed after login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { setMe } = useSession();
  const loc = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error, { INVALID_CREDENTIALS: 'password' });

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { member } = await api<{ member: Member }>('/auth/session', { method: 'POST', body: { email, password } });
      setMe(member);
      navigate(safeNext(loc.query.get('next')), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Log in">
      <form class="card narrow" onSubmit={submit} noValidate data-testid="login-form">
        <Field label="Email" name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={fields.email} data-testid="login-email" />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onValue={setPassword} error={fields.password} data-testid="login-password" />
        {general && (
          <p class="error" role="alert" data-testid="login-error">
            {general}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="login-submit">
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p class="muted">
          New here? <Link href="/register">Apply to join</Link>
        </p>
      </form>
    </Page>
  );
}

export function RegisterPage() {
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [draft, setDraft] = useState<ProfileDraft>(emptyDraft);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Member | null>(null);
  const { fields, general } = fieldErrors(error, { EMAIL_TAKEN: 'email', CONFLICT: 'email' });
  const profileErrors = Object.fromEntries(
    Object.entries(fields)
      .filter(([k]) => k.startsWith('profile.'))
      .map(([k, v]) => [k.slice('profile.'.length), v]),
  );

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { member } = await api<{ member: Member }>('/auth/register', { method: 'POST', body: { displayName, email, password, profile: profileBody(draft) } });
      setDone(member);
    } catch (err) {
      setError(err);
      // Bring the first message into view: it sits next to its field.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"], .error')?.scrollIntoView({ block: 'center' }));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <Page title="Application received">
        <div class="card narrow" data-testid="register-done">
          <p>
            Thank you, {done.displayName}. We sent a link to <strong>{done.email}</strong>: open it to confirm your address.
          </p>
          <p>
            {done.status === 'active'
              ? 'Your account is active: you can log in now.'
              : 'A section admin reviews every application (owners and top executives of a practice); you can log in once it is approved.'}
          </p>
          <p>
            <Link href="/login">Go to log in</Link>
          </p>
        </div>
      </Page>
    );
  }

  return (
    <Page title="Apply to join">
      <form class="card" onSubmit={submit} noValidate data-testid="register-form">
        <p class="muted">Practice Peers is for owners and top executives of private therapy practices. Fields are checked by the server; any problem appears next to its field.</p>
        <fieldset>
          <legend>You</legend>
          <Field label="Your name" name="displayName" autoComplete="name" value={displayName} onValue={setDisplayName} error={fields.displayName} data-testid="register-name" />
          <Field label="Email" name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={fields.email} data-testid="register-email" />
          <Field label="Password" name="password" type="password" autoComplete="new-password" hint="At least 12 characters" value={password} onValue={setPassword} error={fields.password} data-testid="register-password" />
        </fieldset>
        <ProfileFields draft={draft} set={setDraft} errors={profileErrors} />
        {general && (
          <p class="error" role="alert" data-testid="register-error">
            {general}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="register-submit">
          {busy ? 'Sending…' : 'Send my application'}
        </button>
      </form>
    </Page>
  );
}

export function VerifyEmailPage() {
  const loc = useLocation();
  const token = loc.query.get('token');
  const [state, setState] = useState<'working' | 'done' | ApiError | Error>('working');
  useEffect(() => {
    if (!token) {
      setState(new Error('This link has no token: open the link from the email again.'));
      return;
    }
    api('/auth/verify-email', { method: 'POST', body: { token } }).then(
      () => setState('done'),
      (err: Error) => setState(err),
    );
  }, [token]);
  return (
    <Page title="Confirm your email">
      <div class="card narrow" data-testid="verify-email">
        {state === 'working' && <p role="status">Confirming your address…</p>}
        {state === 'done' && (
          <p data-testid="verify-done">
            Your email address is confirmed. <Link href="/login">Log in</Link>
          </p>
        )}
        {state instanceof Error && <ErrorNote error={state} testid="verify-error" />}
      </div>
    </Page>
  );
}
