// The practice profile form, shared by registration and the profile editor; choices come from the server's vocabulary.
import { GOAL_LABELS, GOALS, PRACTICE_TYPE_LABELS, PRACTICE_TYPES, WANTS } from '../../../src/domain/vocab.js';
import { words } from '../format.js';
import type { ProfileInput } from '../types.js';
import { Field } from '../ui.js';

export type ProfileDraft = {
  practiceName: string;
  practiceType: string;
  services: string[];
  clinicians: string;
  locations: string;
  yearsInBusiness: string;
  yearsInRole: string;
  isTopExecutive: boolean | null;
  country: string;
  state: string;
  city: string;
  postalCode: string;
  timezone: string;
  goals: string[];
  strengths: string[];
  wants: string[];
  bio: string;
};

export function emptyDraft(): ProfileDraft {
  return {
    practiceName: '',
    practiceType: 'outpatient_orthopedic',
    services: [],
    clinicians: '1',
    locations: '1',
    yearsInBusiness: '',
    yearsInRole: '',
    isTopExecutive: null,
    country: 'US',
    state: '',
    city: '',
    postalCode: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    goals: [],
    strengths: [],
    wants: ['pair', 'circle'],
    bio: '',
  };
}

type StoredProfile = {
  practiceName: string;
  practiceType: string;
  services: string[];
  clinicians: number;
  locations: number;
  yearsInBusiness: number;
  yearsInRole?: number | undefined;
  isTopExecutive?: boolean | undefined;
  region: { country: string; state: string; city?: string | null | undefined; postalCode?: string | null | undefined };
  timezone: string;
  goals: string[];
  strengths: string[];
  wants: string[];
  bio?: string | null | undefined;
};

export function draftFrom(p: StoredProfile): ProfileDraft {
  return {
    practiceName: p.practiceName,
    practiceType: p.practiceType,
    services: [...p.services],
    clinicians: String(p.clinicians),
    locations: String(p.locations),
    yearsInBusiness: String(p.yearsInBusiness),
    yearsInRole: p.yearsInRole === undefined ? '' : String(p.yearsInRole),
    isTopExecutive: p.isTopExecutive ?? null,
    country: p.region.country,
    state: p.region.state,
    city: p.region.city ?? '',
    postalCode: p.region.postalCode ?? '',
    timezone: p.timezone,
    goals: [...p.goals],
    strengths: [...p.strengths],
    wants: [...p.wants],
    bio: p.bio ?? '',
  };
}

const num = (s: string) => (s.trim() === '' ? (undefined as unknown as number) : Number(s));

/** The API body; blanks are left out so the API names the missing field. */
export function profileBody(d: ProfileDraft): ProfileInput {
  return {
    practiceName: d.practiceName,
    practiceType: d.practiceType as ProfileInput['practiceType'],
    services: d.services as ProfileInput['practiceType'][],
    clinicians: num(d.clinicians),
    locations: num(d.locations),
    yearsInBusiness: num(d.yearsInBusiness),
    yearsInRole: d.yearsInRole.trim() === '' ? undefined : Number(d.yearsInRole),
    isTopExecutive: d.isTopExecutive as boolean,
    region: { country: d.country, state: d.state, city: d.city || null, postalCode: d.postalCode || null },
    timezone: d.timezone,
    goals: d.goals as ProfileInput['goals'],
    strengths: d.strengths as NonNullable<ProfileInput['strengths']>,
    wants: d.wants as NonNullable<ProfileInput['wants']>,
    ...(d.bio ? { bio: d.bio } : {}),
  };
}

function Checks({ legend, name, options, labels, value, onChange, error, hint }: {
  legend: string;
  name: string;
  options: readonly string[];
  labels?: Record<string, string>;
  value: string[];
  onChange: (v: string[]) => void;
  error?: string | undefined;
  hint?: string;
}) {
  return (
    <fieldset class="checks" data-testid={`checks-${name}`} aria-describedby={error ? `${name}-err` : undefined}>
      <legend>{legend}</legend>
      {hint && <small class="muted">{hint}</small>}
      <div class="check-grid">
        {options.map((o) => (
          <label key={o} class="check">
            <input
              type="checkbox"
              name={name}
              value={o}
              checked={value.includes(o)}
              onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked ? [...value, o] : value.filter((v) => v !== o))}
            />
            {words(labels?.[o] ?? o)}
          </label>
        ))}
      </div>
      {error && (
        <small id={`${name}-err`} class="error" role="alert" data-testid={`error-${name}`}>
          {error}
        </small>
      )}
    </fieldset>
  );
}

/** Errors keyed by API path under the profile (e.g. `region.state`). */
export function ProfileFields({ draft, set, errors }: { draft: ProfileDraft; set: (d: ProfileDraft) => void; errors: Record<string, string> }) {
  const up = <K extends keyof ProfileDraft>(k: K) => (v: ProfileDraft[K]) => set({ ...draft, [k]: v });
  return (
    <>
      <fieldset>
        <legend>Eligibility</legend>
        <div class="field" role="radiogroup" aria-labelledby="top-exec-q" data-testid="eligibility-top-executive">
          <span id="top-exec-q">Are you the owner or top executive (CEO) of the practice?</span>
          <label class="check">
            <input type="radio" name="isTopExecutive" checked={draft.isTopExecutive === true} onChange={() => up('isTopExecutive')(true)} data-testid="top-exec-yes" />
            Yes
          </label>
          <label class="check">
            <input type="radio" name="isTopExecutive" checked={draft.isTopExecutive === false} onChange={() => up('isTopExecutive')(false)} />
            No
          </label>
          {errors.isTopExecutive && (
            <small class="error" role="alert" data-testid="error-isTopExecutive">
              {errors.isTopExecutive}
            </small>
          )}
        </div>
        <Field label="Years in the top role" name="yearsInRole" type="number" min="0" inputMode="numeric" value={draft.yearsInRole} onValue={up('yearsInRole')} error={errors.yearsInRole} data-testid="yearsInRole" />
        <Field label="Years the practice has been in business" name="yearsInBusiness" type="number" min="0" inputMode="numeric" value={draft.yearsInBusiness} onValue={up('yearsInBusiness')} error={errors.yearsInBusiness} data-testid="yearsInBusiness" />
      </fieldset>
      <fieldset>
        <legend>Your practice</legend>
        <Field label="Practice name" name="practiceName" value={draft.practiceName} onValue={up('practiceName')} error={errors.practiceName} data-testid="practiceName" />
        <div class="field">
          <label for="f-practiceType">Practice type</label>
          <select id="f-practiceType" value={draft.practiceType} onChange={(e) => up('practiceType')((e.currentTarget as HTMLSelectElement).value)} data-testid="practiceType">
            {PRACTICE_TYPES.map((t) => (
              <option key={t} value={t}>
                {words(PRACTICE_TYPE_LABELS[t])}
              </option>
            ))}
          </select>
        </div>
        <Checks legend="Service lines you sell" name="services" options={PRACTICE_TYPES} labels={PRACTICE_TYPE_LABELS} value={draft.services} onChange={up('services')} error={errors.services} />
        <div class="row">
          <Field label="Clinicians" name="clinicians" type="number" min="1" value={draft.clinicians} onValue={up('clinicians')} error={errors.clinicians} />
          <Field label="Locations" name="locations" type="number" min="1" value={draft.locations} onValue={up('locations')} error={errors.locations} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Location</legend>
        <div class="row">
          <Field label="Country (2 letters)" name="country" value={draft.country} onValue={up('country')} error={errors['region.country']} maxLength={2} />
          <Field label="State" name="state" value={draft.state} onValue={up('state')} error={errors['region.state']} data-testid="state" />
        </div>
        <div class="row">
          <Field label="City" name="city" value={draft.city} onValue={up('city')} error={errors['region.city']} data-testid="city" />
          <Field label="Postal code" name="postalCode" value={draft.postalCode} onValue={up('postalCode')} error={errors['region.postalCode']} data-testid="postalCode" />
        </div>
        <Field label="Time zone" name="timezone" value={draft.timezone} onValue={up('timezone')} error={errors.timezone} hint="Meeting and message times are shown in this zone, e.g. America/Chicago" />
      </fieldset>
      <fieldset>
        <legend>What you are after</legend>
        <Checks legend="Goals (1 to 5)" name="goals" options={GOALS} labels={GOAL_LABELS} value={draft.goals} onChange={up('goals')} error={errors.goals} />
        <Checks legend="Strengths you can share (up to 5)" name="strengths" options={GOALS} labels={GOAL_LABELS} value={draft.strengths} onChange={up('strengths')} error={errors.strengths} />
        <Checks legend="I want" name="wants" options={WANTS} labels={{ pair: 'a peer pair', circle: 'a mentoring circle', alliance: 'a local alliance' }} value={draft.wants} onChange={up('wants')} error={errors.wants} />
        <div class="field">
          <label for="f-bio">About you and the practice</label>
          <textarea id="f-bio" rows={3} value={draft.bio} onInput={(e) => up('bio')((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
      </fieldset>
    </>
  );
}
