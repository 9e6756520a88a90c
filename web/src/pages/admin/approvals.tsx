// Admin console, approvals: pending applications with the eligibility check; approve, approve with an override reason,
// or reject with a reason (shown to the applicant). Only admins reach this page (the shell's guard; the API answers 403).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { useMe } from '../../session.js';
import type { AdminMember, Page as ApiPage } from '../../types.js';
import { Empty, ErrorNote, Field, fieldErrors, Loading, Page, useData } from '../../ui.js';

export function ApprovalsPage() {
  const me = useMe();
  const { data, error, loading, reload } = useData((signal) => api<ApiPage<AdminMember>>('/admin/members?status=pending&limit=50', { signal }), []);
  return (
    <Page title="Applications to review">
      {loading && !data && <Loading what="applications" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>No application is waiting. New ones appear here as owners apply.</p>
        </Empty>
      )}
      <ul class="cards" data-testid="applications">
        {data?.items.map((m) => <Application key={m.id} member={m} tz={me.profile.timezone} onDone={reload} />)}
      </ul>
    </Page>
  );
}

function Application({ member: m, tz, onDone }: { member: AdminMember; tz: string; onDone: () => void }) {
  const [mode, setMode] = useState<null | 'override' | 'reject'>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  const e = m.eligibility;
  async function act(path: 'approve' | 'reject', body?: object) {
    setError(null);
    try {
      await api(`/admin/members/${m.id}/${path}`, { method: 'POST', body: body ?? {} });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li class="card" data-testid="application" data-member-id={m.id}>
      <div class="card-head">
        <h2>{m.displayName}</h2>
        <span class={e.eligible ? 'tag' : 'tag error'} data-testid="eligibility">
          {e.eligible ? 'eligible' : 'not eligible'}
        </span>
      </div>
      <p class="muted">
        {m.email} · applied {formatTime(m.createdAt, tz)}
      </p>
      <p>
        {m.profile.practiceName} · {words(m.profile.practiceType)} · {m.profile.clinicians} clinicians · {[m.profile.region.city, m.profile.region.state].filter(Boolean).join(', ')}
      </p>
      <ul>
        <li>Top executive of the practice: {e.isTopExecutive ? 'yes' : 'no'}</li>
        <li>Years in business: {e.yearsInBusiness}</li>
        {e.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <ErrorNote error={general ? new Error(general) : null} />
      {mode ? (
        <form
          onSubmit={(ev) => {
            ev.preventDefault();
            void (mode === 'reject' ? act('reject', { reason }) : act('approve', { override: true, reason }));
          }}
          noValidate
        >
          <Field label={mode === 'reject' ? 'Why (the applicant is told)' : 'Why approve although the check fails (audited)'} name="reason" value={reason} onValue={setReason} error={fields.reason} data-testid="reason" />
          <div class="actions">
            <button type="submit" data-testid={mode === 'reject' ? 'reject-confirm' : 'override-confirm'}>
              {mode === 'reject' ? 'Reject' : 'Approve anyway'}
            </button>
            <button type="button" class="secondary" onClick={() => setMode(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          {e.eligible ? (
            <button type="button" onClick={() => act('approve')} data-testid="approve">
              Approve
            </button>
          ) : (
            <button type="button" onClick={() => setMode('override')} data-testid="approve-override">
              Approve with a reason
            </button>
          )}
          <button type="button" class="secondary" onClick={() => setMode('reject')} data-testid="reject">
            Reject
          </button>
        </div>
      )}
    </li>
  );
}
