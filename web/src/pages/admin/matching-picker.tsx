// The matching console's member pick list: search active members by name or practice, tick them, see the chosen list.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import type { AdminMember, Page as ApiPage } from '../../types.js';
import { ErrorNote } from '../../ui.js';

export interface Picked {
  id: string;
  label: string;
}

const labelOf = (m: AdminMember) => `${m.displayName} · ${m.profile.practiceName} · ${[m.profile.region.city, m.profile.region.state].filter(Boolean).join(', ')}`;

export function MemberPicker({ picked, onPicked }: { picked: Picked[]; onPicked: (p: Picked[]) => void }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<AdminMember[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const ctrl = new AbortController();
    // A short pause while typing, so each keystroke does not become a request.
    const timer = setTimeout(() => {
      api<ApiPage<AdminMember>>(`/admin/members${qs({ status: 'active', q: query.trim(), limit: 20 })}`, { signal: ctrl.signal }).then(
        (page) => {
          setError(null);
          setResults(page.items);
        },
        (err) => !ctrl.signal.aborted && setError(err),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [query]);
  const chosen = new Set(picked.map((p) => p.id));
  const toggle = (m: AdminMember, on: boolean) => onPicked(on ? [...picked, { id: m.id, label: labelOf(m) }] : picked.filter((p) => p.id !== m.id));
  return (
    <div class="picker" data-testid="member-picker">
      <div class="field">
        <label for="pick-search">Find active members by name or practice</label>
        <input id="pick-search" type="search" value={query} onInput={(e) => setQuery(e.currentTarget.value)} aria-describedby="pick-count" data-testid="pick-search" />
      </div>
      <ErrorNote error={error} />
      <p id="pick-count" class="muted" role="status">
        {results === null ? 'Searching…' : `${results.length === 20 ? 'First 20' : results.length} matching member${results.length === 1 ? '' : 's'}`}
      </p>
      <ul class="pick-results" aria-label="Search results">
        {results?.map((m) => (
          <li key={m.id}>
            <label class="check">
              <input type="checkbox" checked={chosen.has(m.id)} onChange={(e) => toggle(m, e.currentTarget.checked)} data-testid="pick-member" data-member-id={m.id} />
              {labelOf(m)}
            </label>
          </li>
        ))}
      </ul>
      <h3 id="picked-title">Chosen: {picked.length}</h3>
      {picked.length === 0 ? (
        <p class="muted">Nobody chosen yet: search above and tick the members to match.</p>
      ) : (
        <ul class="picked" aria-labelledby="picked-title" data-testid="picked">
          {picked.map((p) => (
            <li key={p.id} data-member-id={p.id}>
              {p.label}{' '}
              <button type="button" class="link" onClick={() => onPicked(picked.filter((x) => x.id !== p.id))} aria-label={`Remove ${p.label}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
