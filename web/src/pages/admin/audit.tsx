// Admin console, audit log: every staff action, filtered by action, actor, target and days (kept in the URL, so a view
// can be linked), in pages; each entry links to what it concerns and to that target's whole history.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { Link, navigate, useLocation } from '../../router.js';
import { useMe } from '../../session.js';
import type { AdminMember, Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Field, Loading, Page, useData } from '../../ui.js';
import { AUDIT_ACTIONS, auditHref, dayRange, TARGET_TYPES, targetLink, type AuditEntry } from './audit-links.js';

const FILTERS = ['action', 'actorId', 'targetType', 'targetId', 'from', 'to'] as const;
type Filter = Record<(typeof FILTERS)[number], string>;

export function AuditPage() {
  const me = useMe();
  const tz = me.profile.timezone;
  const { query } = useLocation();
  const filter = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? ''])) as Filter;
  const cursor = query.get('cursor') ?? '';
  const key = query.toString();
  const { data, error, loading } = useData(
    (signal) => {
      const { from, to, ...rest } = filter;
      return api<ApiPage<AuditEntry>>(`/admin/audit-log${qs({ ...rest, ...dayRange(from, to, tz), cursor, limit: 25 })}`, { signal });
    },
    [key],
  );
  // The admins for the actor filter: fetched once per visit, not each time a filter change redraws the form.
  const { data: staff } = useData((signal) => api<ApiPage<AdminMember>>(`/admin/members${qs({ role: 'admin', limit: 100 })}`, { signal }), []);
  const filtered = FILTERS.some((k) => filter[k]);
  return (
    <Page title="Audit log">
      <p class="muted">Every staff action, newest first. Filters stay in the address, so a filtered view can be shared.</p>
      <AuditFilters key={key} filter={filter} admins={staff?.items ?? []} />
      {loading && !data && <Loading what="the audit log" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>{filtered ? 'No entry matches these filters. Widen the days or clear a filter.' : 'Nothing has been logged yet. Staff actions appear here as they happen.'}</p>
        </Empty>
      )}
      <ul class="cards audit" data-testid="audit-entries">
        {data?.items.map((e) => <Entry key={e.id} entry={e} tz={tz} />)}
      </ul>
      <div class="actions">
        {cursor && (
          <Link href={auditHref(filter)} data-testid="audit-newest">
            Back to the newest
          </Link>
        )}
        {data?.nextCursor && (
          <Link href={auditHref({ ...filter, cursor: data.nextCursor })} data-testid="audit-older">
            Older entries
          </Link>
        )}
      </div>
    </Page>
  );
}

/**
 * The actor filter: the staff (admins, from the member list) by name. An actor chosen from an entry who is no longer an
 * admin stays selectable by id; while the list loads, or if it fails, the chosen id is kept.
 */
function ActorSelect({ value, onValue, admins }: { value: string; onValue: (v: string) => void; admins: AdminMember[] }) {
  const known = !value || admins.some((a) => a.id === value);
  return (
    <div class="field">
      <label for="f-actorId">Actor</label>
      <select id="f-actorId" value={value} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)} aria-describedby="f-actorId-hint" data-testid="audit-actor">
        <option value="">Anyone</option>
        {!known && <option value={value}>The chosen actor ({value.slice(0, 8)}…)</option>}
        {admins.map((a) => (
          <option key={a.id} value={a.id}>
            {a.displayName}
          </option>
        ))}
      </select>
      <small id="f-actorId-hint" class="muted">
        The admins; or pick an actor’s name in an entry
      </small>
    </div>
  );
}

function AuditFilters({ filter, admins }: { filter: Filter; admins: AdminMember[] }) {
  const [f, setF] = useState<Filter>(filter);
  useEffect(() => setF(filter), [JSON.stringify(filter)]); // eslint-disable-line react-hooks/exhaustive-deps -- the URL is the state
  const set = (k: keyof Filter) => (v: string) => setF((old) => ({ ...old, [k]: v.trim() }));
  const actions = AUDIT_ACTIONS.includes(f.action as never) || !f.action ? AUDIT_ACTIONS : [f.action, ...AUDIT_ACTIONS];
  return (
    <form
      class="card audit-filters"
      aria-label="Filter the audit log"
      data-testid="audit-filters"
      onSubmit={(ev) => {
        ev.preventDefault();
        navigate(auditHref(f));
      }}
    >
      <div class="row">
        <div class="field">
          <label for="f-action">Action</label>
          <select id="f-action" value={f.action} onChange={(e) => set('action')((e.currentTarget as HTMLSelectElement).value)} data-testid="audit-action">
            <option value="">Any action</option>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-targetType">Target type</label>
          <select id="f-targetType" value={f.targetType} onChange={(e) => set('targetType')((e.currentTarget as HTMLSelectElement).value)} data-testid="audit-target-type">
            <option value="">Any target</option>
            {TARGET_TYPES.map((t) => (
              <option key={t} value={t}>
                {words(t)}
              </option>
            ))}
          </select>
        </div>
        <Field label="From (day)" name="from" type="date" value={f.from} onValue={set('from')} data-testid="audit-from" />
        <Field label="To (day, included)" name="to" type="date" value={f.to} onValue={set('to')} data-testid="audit-to" />
      </div>
      <div class="row">
        <ActorSelect value={f.actorId} onValue={set('actorId')} admins={admins} />
        <Field label="Target id" name="targetId" value={f.targetId} onValue={set('targetId')} hint="Or pick “history” in an entry" data-testid="audit-target" />
      </div>
      <div class="actions">
        <button type="submit" data-testid="audit-apply">
          Apply filters
        </button>
        <Link href="/admin/audit" class="button secondary" data-testid="audit-clear">
          Clear
        </Link>
      </div>
    </form>
  );
}

function Entry({ entry: e, tz }: { entry: AuditEntry; tz: string }) {
  const target = targetLink(e);
  const details = Object.entries(e.details);
  return (
    <li class="card audit-entry" data-testid="audit-entry" data-entry-id={e.id} data-action={e.action}>
      <div class="card-head">
        <h2 class="audit-action">{e.action}</h2>
        <time dateTime={e.createdAt} class="muted">
          {formatTime(e.createdAt, tz)}
        </time>
      </div>
      <p>
        By{' '}
        {e.actor ? (
          <Link href={auditHref({ actorId: e.actor.id })} data-testid="audit-actor-link">
            {e.actor.displayName}
          </Link>
        ) : (
          <span>the system</span>
        )}{' '}
        · {words(e.targetType)}
        {target && (
          <>
            {' '}
            ·{' '}
            <Link href={target.href} data-testid="audit-target-link">
              Open {target.label}
            </Link>
          </>
        )}
        {e.targetId && (
          <>
            {' '}
            ·{' '}
            <Link href={auditHref({ targetId: e.targetId })} data-testid="audit-history-link">
              History<span class="sr-only"> of this {words(e.targetType).toLowerCase()}</span>
            </Link>
          </>
        )}
      </p>
      {e.reason && (
        <p data-testid="audit-reason">
          <strong>Reason:</strong> <span class="text">{e.reason}</span>
        </p>
      )}
      {details.length > 0 && (
        <details>
          <summary>Details</summary>
          <dl class="audit-details" data-testid="audit-details">
            {details.map(([k, v]) => (
              <div key={k}>
                <dt>{words(k)}</dt>
                <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </li>
  );
}
