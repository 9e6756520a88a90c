// Ask a question: similar questions shown while the title is typed, tags, circle-private and anonymous options.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api.js';
import { Link, navigate } from '../router.js';
import type { Circle, Page as ApiPage, Question, Similar } from '../types.js';
import { circleTitle } from './home.js';
import { Field, fieldErrors, Page, useData } from '../ui.js';

export function QaAskPage() {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [tags, setTags] = useState('');
  const [circleId, setCircleId] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [similar, setSimilar] = useState<Similar['items']>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  const circles = useData((signal) => api<ApiPage<Circle>>('/me/circles?status=accepted&limit=50', { signal }), []);

  useEffect(() => {
    if (title.trim().length < 4) {
      setSimilar([]);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<Similar>(`/questions/similar${qs({ title: title.trim(), limit: 5 })}`, { signal: ctrl.signal }).then(
        (r) => setSimilar(r.items),
        () => {},
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [title]);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const tagList = tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const q = await api<Question>('/questions', { method: 'POST', body: { title, body, tags: tagList, anonymous, ...(circleId ? { circleId } : {}) } });
      navigate(`/qa/${q.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Ask the network">
      <form class="card" onSubmit={submit} noValidate data-testid="ask-form">
        <Field label="Your question, in one line" name="title" value={title} onValue={setTitle} error={fields.title} data-testid="ask-title" />
        {similar.length > 0 && (
          <div class="similar" data-testid="similar" aria-live="polite">
            <p class="muted">Already asked? Similar questions:</p>
            <ul>
              {similar.map((s) => (
                <li key={s.id}>
                  <Link href={`/qa/${s.id}`}>{s.title}</Link>{' '}
                  <span class="muted">
                    ({s.answerCount} answers{s.hasAcceptedAnswer ? ', answered' : ''})
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div class="field">
          <label for="f-body">Details</label>
          <textarea id="f-body" rows={6} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} aria-invalid={fields.body ? true : undefined} data-testid="ask-body" />
          {fields.body && (
            <small class="error" role="alert" data-testid="error-body">
              {fields.body}
            </small>
          )}
        </div>
        <Field label="Tags, separated by commas" name="tags" hint="e.g. referrals, hiring" value={tags} onValue={setTags} error={fields.tags} data-testid="ask-tags" />
        <div class="field">
          <label for="f-circle">Who can see it</label>
          <select id="f-circle" value={circleId} onChange={(e) => setCircleId((e.currentTarget as HTMLSelectElement).value)} data-testid="ask-circle">
            <option value="">The whole network</option>
            {circles.data?.items.map((c) => (
              <option key={c.id} value={c.id}>
                Only my circle: {circleTitle(c)}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous((e.currentTarget as HTMLInputElement).checked)} data-testid="ask-anonymous" />
          Ask anonymously (only admins can see who asked)
        </label>
        {general && (
          <p class="error" role="alert" data-testid="ask-error">
            {general}
          </p>
        )}
        <div class="actions">
          <button type="submit" disabled={busy} data-testid="ask-submit">
            {busy ? 'Posting…' : 'Post the question'}
          </button>
        </div>
      </form>
    </Page>
  );
}
