// My alliance ledger: partners, status, reviews (both sides' latest, side by side), confirm, add, CSV export.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime, words } from '../format.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { Alliance, AllianceInput, AllianceReview as Review, Page as ApiPage } from '../types.js';
import { Empty, ErrorNote, Field, fieldErrors, Loading, Page, useData } from '../ui.js';

// The server's enums, listed for the pickers; the compiler checks each list against the API's types both ways.
const TYPES = ['referral_exchange', 'shared_space', 'joint_planning', 'co_marketing', 'shared_staff_training', 'other'] as const satisfies readonly AllianceInput['type'][];
const KINDS = ['physician_practice', 'clinic', 'fitness_wellness', 'school', 'employer', 'community_org', 'other'] as const satisfies readonly OutsideKind[];
type OutsideKind = Extract<AllianceInput['partner'], { kind: string }>['kind'];
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
const _typesComplete: Exhaustive<AllianceInput['type'], (typeof TYPES)[number]> = true;
const _kindsComplete: Exhaustive<OutsideKind, (typeof KINDS)[number]> = true;
void _typesComplete;
void _kindsComplete;

function partnerName(a: Alliance): string {
  const p = a.partner;
  return 'memberId' in p ? `${p.displayName}${p.practiceName ? `, ${p.practiceName}` : ''}` : `${p.name} (${words(p.kind)}${p.city ? `, ${p.city}` : ''})`;
}

export function AlliancesPage() {
  const me = useMe();
  const { data, error, loading, reload } = useData((signal) => api<ApiPage<Alliance>>('/me/alliances?limit=100', { signal }), []);
  const [adding, setAdding] = useState(false);
  return (
    <Page
      title="My alliances"
      actions={
        <div class="actions">
          <a class="button" href="/api/v1/me/alliances/export.csv" download data-testid="export-csv">
            Export CSV
          </a>
          <button type="button" class="secondary" onClick={() => setAdding((a) => !a)} aria-expanded={adding} data-testid="add-alliance">
            Add an alliance
          </button>
        </div>
      }
    >
      {adding && <AddAlliance onDone={() => (setAdding(false), reload())} />}
      {loading && !data && <Loading what="your ledger" />}
      <ErrorNote error={error} />
      {data && data.items.length === 0 && (
        <Empty>
          <p>No alliances yet. Record the physician practices, gyms, schools and employers you work with, and review each one on a schedule.</p>
        </Empty>
      )}
      <ul class="cards" data-testid="alliance-list">
        {data?.items.map((a) => <AllianceCard key={a.id} alliance={a} tz={me.profile.timezone} onChange={reload} />)}
      </ul>
    </Page>
  );
}

function AllianceCard({ alliance: a, tz, onChange }: { alliance: Alliance; tz: string; onChange: () => void }) {
  const [reviewing, setReviewing] = useState(false);
  const [reviews, setReviews] = useState<Review[] | null>(null);
  async function showReviews() {
    try {
      setReviews((await api<{ items: Review[] }>(`/alliances/${a.id}/reviews`)).items);
    } catch (err) {
      setError(err);
    }
  }
  const [error, setError] = useState<unknown>(null);
  async function confirm() {
    try {
      await api(`/alliances/${a.id}/confirm`, { method: 'POST' });
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  const b = a.balance;
  return (
    <li class="card" data-testid="alliance">
      <div class="card-head">
        <h2>{partnerName(a)}</h2>
        <span class="tag">{a.status}</span>
      </div>
      <p class="muted">
        {words(a.type)}
        {a.startedOn && ` · since ${formatTime(`${a.startedOn}T12:00:00Z`, tz, 'date')}`}
        {a.cadence && ` · reviewed ${words(a.cadence).toLowerCase()}`}
        {a.nextReviewOn && ` · next review ${formatTime(`${a.nextReviewOn}T12:00:00Z`, tz, 'date')}`}
        {a.reviewOverdue && <strong class="error"> · review overdue</strong>}
      </p>
      {a.warnings.map((w) => (
        <p key={w} class="note">
          {w}
        </p>
      ))}
      {b && (b.mine || b.theirs) && (
        <p data-testid="balance">
          Latest reviews: you rated your benefit {b.mine?.benefitToMe ?? '–'}/5 and theirs {b.mine?.benefitToPartner ?? '–'}/5; they rated theirs {b.theirs?.benefitToMe ?? '–'}/5 and
          yours {b.theirs?.benefitToPartner ?? '–'}/5{b.balanced === false ? ' · the two views differ: worth a conversation' : ''}.
        </p>
      )}
      {a.notes && <p class="text">{a.notes}</p>}
      <ErrorNote error={error} />
      <div class="actions">
        {a.shared && !a.confirmedByMe && (
          <button type="button" onClick={confirm} data-testid="confirm-alliance">
            Confirm
          </button>
        )}
        <button type="button" class="secondary" onClick={() => setReviewing((r) => !r)} aria-expanded={reviewing} data-testid="review-alliance">
          Review
        </button>
        <button type="button" class="link" onClick={showReviews} data-testid="show-reviews">
          Reviews
        </button>
        {a.circleId && <Link href={`/circles/${a.circleId}`}>Chat and meetings</Link>}
      </div>
      {reviewing && <ReviewForm allianceId={a.id} onDone={() => (setReviewing(false), onChange(), void showReviews())} />}
      {reviews && (
        <ul data-testid="reviews">
          {reviews.length === 0 && <li class="muted">No review yet.</li>}
          {reviews.map((r) => (
            <li key={r.id} data-testid="review">
              {formatTime(`${r.reviewedOn}T12:00:00Z`, tz, 'date')} · {r.mine ? 'you' : 'your partner'}: benefit to {r.mine ? 'you' : 'them'} {r.benefitToMe}/5, to{' '}
              {r.mine ? 'them' : 'you'} {r.benefitToPartner}/5
              {r.referralsSent !== null && ` · referrals sent ${r.referralsSent}`}
              {r.referralsReceived !== null && ` · received ${r.referralsReceived}`}
              {r.note && <span class="muted"> · {r.note}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function ReviewForm({ allianceId, onDone }: { allianceId: string; onDone: () => void }) {
  const [reviewedOn, setOn] = useState(new Date().toISOString().slice(0, 10));
  const [toMe, setToMe] = useState('3');
  const [toPartner, setToPartner] = useState('3');
  const [sent, setSent] = useState('');
  const [received, setReceived] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api(`/alliances/${allianceId}/reviews`, {
        method: 'POST',
        body: {
          reviewedOn,
          benefitToMe: Number(toMe),
          benefitToPartner: Number(toPartner),
          ...(sent ? { referralsSent: Number(sent) } : {}),
          ...(received ? { referralsReceived: Number(received) } : {}),
          ...(note ? { note } : {}),
        },
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form onSubmit={submit} noValidate data-testid="review-form">
      <div class="row">
        <Field label="Reviewed on" name="reviewedOn" type="date" value={reviewedOn} onValue={setOn} error={fields.reviewedOn} />
        <Field label="Benefit to me (1–5)" name="benefitToMe" type="number" min="1" max="5" value={toMe} onValue={setToMe} error={fields.benefitToMe} />
        <Field label="Benefit to them (1–5)" name="benefitToPartner" type="number" min="1" max="5" value={toPartner} onValue={setToPartner} error={fields.benefitToPartner} />
      </div>
      <div class="row">
        <Field label="Referrals sent" name="referralsSent" type="number" min="0" value={sent} onValue={setSent} error={fields.referralsSent} />
        <Field label="Referrals received" name="referralsReceived" type="number" min="0" value={received} onValue={setReceived} error={fields.referralsReceived} />
      </div>
      <Field label="What to change (private to you)" name="note" value={note} onValue={setNote} error={fields.note} />
      {general && (
        <p class="error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" data-testid="review-submit">
        Save the review
      </button>
    </form>
  );
}

function AddAlliance({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OutsideKind>('physician_practice');
  const [type, setType] = useState<AllianceInput['type']>('referral_exchange');
  const [city, setCity] = useState('');
  const [state, setState] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api('/me/alliances', { method: 'POST', body: { partner: { name, kind, ...(city ? { city } : {}), ...(state ? { state } : {}) }, type } });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form class="card" onSubmit={submit} noValidate data-testid="alliance-form">
      <Field label="Partner's name" name="partner.name" value={name} onValue={setName} error={fields['partner.name']} data-testid="alliance-name" />
      <div class="row">
        <div class="field">
          <label for="f-kind">Kind of partner</label>
          <select id="f-kind" value={kind} onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as OutsideKind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {words(k)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-type">Kind of alliance</label>
          <select id="f-type" value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as AllianceInput['type'])}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {words(t)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="row">
        <Field label="City" name="partner.city" value={city} onValue={setCity} error={fields['partner.city']} />
        <Field label="State" name="partner.state" value={state} onValue={setState} error={fields['partner.state']} />
      </div>
      {general && (
        <p class="error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" data-testid="alliance-submit">
        Add to my ledger
      </button>
    </form>
  );
}
