// The profile editor: practice, services, location, goals, strengths, wants, and people to avoid (from the directory).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, qs } from '../api.js';
import { useSession, useMe } from '../session.js';
import type { Member, Page as ApiPage, PublicMember } from '../types.js';
import { fieldErrors, Page } from '../ui.js';
import { draftFrom, profileBody, ProfileFields, type ProfileDraft } from './profile-form.js';

export function ProfilePage() {
  const me = useMe();
  const { setMe } = useSession();
  const [displayName] = useState(me.displayName);
  const [draft, setDraft] = useState<ProfileDraft>(() => draftFrom(me.profile));
  const [avoid, setAvoid] = useState<string[]>(() => [...(me.profile.avoidMemberIds ?? [])]);
  const [hidden, setHidden] = useState<boolean>(Boolean((me.profile as { hideFromDirectory?: boolean }).hideFromDirectory));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      const body = { ...profileBody(draft), avoidMemberIds: avoid, hideFromDirectory: hidden };
      const member = await api<Member>('/me/profile', { method: 'PATCH', body });
      setMe(member);
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="My profile">
      <form class="card" onSubmit={submit} noValidate data-testid="profile-form">
        <p class="muted">
          {displayName} · {me.email}
        </p>
        <ProfileFields draft={draft} set={setDraft} errors={fields} />
        <AvoidPicker selected={avoid} onChange={setAvoid} error={fields.avoidMemberIds} />
        <label class="check">
          <input type="checkbox" checked={hidden} onChange={(e) => setHidden((e.currentTarget as HTMLInputElement).checked)} data-testid="hide-from-directory" />
          Leave me out of the member directory
        </label>
        {general && (
          <p class="error" role="alert" data-testid="profile-error">
            {general}
          </p>
        )}
        {saved && (
          <p class="ok" role="status" data-testid="profile-saved">
            Saved.
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="profile-save">
          {busy ? 'Saving…' : 'Save profile'}
        </button>
      </form>
    </Page>
  );
}

/** People never to be matched with: searched in the directory (GET /members), shown by name. */
function AvoidPicker({ selected, onChange, error }: { selected: string[]; onChange: (ids: string[]) => void; error?: string | undefined }) {
  const [q, setQ] = useState('');
  const [results, setResults] = useState<PublicMember[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    // Names of the people already on the list.
    for (const id of selected) {
      if (names[id]) continue;
      api<PublicMember>(`/members/${id}`).then(
        (m) => setNames((n) => ({ ...n, [id]: `${m.displayName}, ${m.profile.practiceName}` })),
        () => setNames((n) => ({ ...n, [id]: 'a member no longer listed' })),
      );
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected.join(',')]);

  useEffect(() => {
    if (q.trim().length < 2) {
      setResults([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<ApiPage<PublicMember>>(`/members${qs({ q: q.trim(), limit: 8 })}`, { signal: ctrl.signal }).then(
        (page) => {
          setResults(page.items);
          setNote(page.items.length ? null : 'Nobody in the directory matches.');
        },
        (err: unknown) => {
          if (err instanceof ApiError) setNote(err.statusCode === 404 ? 'The member directory is not available yet.' : err.message);
        },
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  return (
    <fieldset data-testid="avoid-picker">
      <legend>People never to match me with</legend>
      <small class="muted">Competitors, former partners, anyone you would rather not share a circle with. They are not told.</small>
      <ul class="chips">
        {selected.map((id) => (
          <li key={id}>
            {names[id] ?? '…'}{' '}
            <button type="button" class="link" aria-label={`Remove ${names[id] ?? 'this member'}`} onClick={() => onChange(selected.filter((s) => s !== id))}>
              remove
            </button>
          </li>
        ))}
      </ul>
      <div class="field">
        <label for="avoid-search">Find a member by name or practice</label>
        <input id="avoid-search" type="search" value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="avoid-search" />
      </div>
      {note && <p class="muted">{note}</p>}
      <ul class="results">
        {results
          .filter((m) => !selected.includes(m.id))
          .map((m) => (
            <li key={m.id}>
              <button
                type="button"
                class="link"
                onClick={() => {
                  setNames((n) => ({ ...n, [m.id]: `${m.displayName}, ${m.profile.practiceName}` }));
                  onChange([...selected, m.id]);
                }}
                data-testid="avoid-add"
              >
                Avoid {m.displayName}, {m.profile.practiceName}
              </button>
            </li>
          ))}
      </ul>
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
