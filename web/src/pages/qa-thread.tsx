// A question's thread: votes, follow, accept, answers with nested replies, edits with their history.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { Answer, Question, Reply } from '../types.js';
import { Editable, FollowButton, Votes, type Reload } from './qa-post.js';
import { ErrorNote, fieldErrors, Loading, Page, useData } from '../ui.js';
import { LockButton, PostModeration } from './admin/moderation-tools.js';
import { ReportButton } from './qa-report.js';

/** Admins get the moderation tools on a post; members a report button on others' posts. */
function PostFlags({ kind, post, admin, onChange }: { kind: 'question' | 'answer' | 'reply'; post: { id: string; mine: boolean; hidden: boolean; removed: boolean; hiddenReason: string | null }; admin: boolean; onChange: Reload }) {
  if (admin) return <PostModeration kind={kind} post={post} onChange={onChange} />;
  return post.mine ? null : <ReportButton targetType={kind} targetId={post.id} />;
}

export function QaThreadPage({ id }: { id: string }) {
  const me = useMe();
  const { data: q, error, loading, reload } = useData((signal) => api<Question>(`/questions/${id}`, { signal }), [id]);
  if (loading && !q) return <Loading what="the question" />;
  if (!q) {
    return (
      <Page title="Question">
        <ErrorNote error={error} />
        <Link href="/qa">Back to questions</Link>
      </Page>
    );
  }
  const tz = me.profile.timezone;
  return (
    <Page title={q.title}>
      <article class="card" data-testid="question">
        <div class="post">
          <Votes targetType="question" id={q.id} score={q.score} myVote={q.myVote} onChange={reload} />
          <div class="post-body">
            <Editable kind="questions" id={q.id} body={q.body} version={q.version} mine={q.mine} onChange={reload} title={q.title} />
            <p>
              {q.tags.map((t) => (
                <Link key={t} class="tag" href={`/qa?tag=${encodeURIComponent(t)}`}>
                  {t}
                </Link>
              ))}
            </p>
            <p class="muted">
              Asked by {q.author?.displayName ?? 'Anonymous'}
              {q.mine && q.anonymous ? ' (you, anonymously)' : ''} · <time dateTime={q.createdAt}>{formatTime(q.createdAt, tz)}</time>
              {q.circleId ? ' · visible to your circle only' : ''}
              {q.locked ? ' · locked' : ''}
            </p>
            <FollowButton id={q.id} following={q.following} onChange={reload} />
            <PostFlags kind="question" post={q} admin={me.role === 'admin'} onChange={reload} />
            {me.role === 'admin' && <LockButton questionId={q.id} locked={q.locked} onChange={reload} />}
          </div>
        </div>
      </article>
      <h2 class="section">
        {q.answers.length} {q.answers.length === 1 ? 'answer' : 'answers'}
      </h2>
      <ul class="cards" data-testid="answers">
        {q.answers.map((a) => (
          <AnswerItem key={a.id} answer={a} question={q} tz={tz} admin={me.role === 'admin'} onChange={reload} />
        ))}
      </ul>
      {q.locked ? <p class="note">This question is locked: no new answers or replies.</p> : <AnswerForm questionId={q.id} onDone={reload} />}
    </Page>
  );
}

function AnswerItem({ answer: a, question: q, tz, admin, onChange }: { answer: Answer; question: Question; tz: string; admin: boolean; onChange: Reload }) {
  const [error, setError] = useState<unknown>(null);
  async function accept(answerId: string | null) {
    setError(null);
    try {
      await api(`/questions/${q.id}/accept`, { method: 'POST', body: { answerId } });
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  const children = (parentId: string | null) => a.replies.filter((r) => r.parentId === parentId);
  return (
    <li class={`card answer${a.accepted ? ' accepted' : ''}`} data-testid="answer" data-answer-id={a.id}>
      <div class="post">
        <Votes targetType="answer" id={a.id} score={a.score} myVote={a.myVote} onChange={onChange} />
        <div class="post-body">
          {a.accepted && (
            <p class="ok" data-testid="accepted">
              ✓ Accepted answer
            </p>
          )}
          <Editable kind="answers" id={a.id} body={a.body} version={a.version} mine={a.mine} onChange={onChange} />
          <p class="muted">
            {a.author?.displayName ?? 'Anonymous'}
            {a.byAsker ? ' (asker)' : ''} · <time dateTime={a.createdAt}>{formatTime(a.createdAt, tz)}</time>
          </p>
          {q.mine && (
            <button type="button" class={a.accepted ? 'secondary' : ''} onClick={() => accept(a.accepted ? null : a.id)} data-testid="accept-answer">
              {a.accepted ? 'Withdraw acceptance' : 'Accept this answer'}
            </button>
          )}
          <ErrorNote error={error} />
          <PostFlags kind="answer" post={a} admin={admin} onChange={onChange} />
          <Replies replies={children(null)} all={a.replies} tz={tz} answerId={a.id} locked={q.locked} admin={admin} onChange={onChange} />
          {!q.locked && <ReplyForm answerId={a.id} parentId={null} onDone={onChange} />}
        </div>
      </div>
    </li>
  );
}

function Replies({ replies, all, tz, answerId, locked, admin, onChange }: { replies: Reply[]; all: Reply[]; tz: string; answerId: string; locked: boolean; admin: boolean; onChange: Reload }) {
  if (!replies.length) return null;
  return (
    <ul class="replies">
      {replies.map((r) => (
        <li key={r.id} data-testid="reply">
          <Editable kind="replies" id={r.id} body={r.body} version={r.version} mine={r.mine} onChange={onChange} />
          <p class="muted">
            {r.author?.displayName ?? 'Anonymous'} · <time dateTime={r.createdAt}>{formatTime(r.createdAt, tz)}</time>
          </p>
          <PostFlags kind="reply" post={r} admin={admin} onChange={onChange} />
          {!locked && <ReplyForm answerId={answerId} parentId={r.id} onDone={onChange} />}
          <Replies replies={all.filter((x) => x.parentId === r.id)} all={all} tz={tz} answerId={answerId} locked={locked} admin={admin} onChange={onChange} />
        </li>
      ))}
    </ul>
  );
}

function ReplyForm({ answerId, parentId, onDone }: { answerId: string; parentId: string | null; onDone: Reload }) {
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const inputId = `reply-${parentId ?? answerId}`;
  if (!open) {
    return (
      <button type="button" class="link" onClick={() => setOpen(true)} data-testid="reply-open">
        Reply
      </button>
    );
  }
  return (
    <form
      class="inline"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api(`/answers/${answerId}/replies`, { method: 'POST', body: { body, ...(parentId ? { parentId } : {}) } });
          setBody('');
          setOpen(false);
          onDone();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <label class="sr-only" for={inputId}>
        Your reply
      </label>
      <input id={inputId} value={body} onInput={(e) => setBody((e.currentTarget as HTMLInputElement).value)} data-testid="reply-input" />
      <button type="submit" data-testid="reply-submit">
        Reply
      </button>
      <ErrorNote error={error} />
    </form>
  );
}

function AnswerForm({ questionId, onDone }: { questionId: string; onDone: Reload }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { fields, general } = fieldErrors(error);
  return (
    <form
      class="card"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api(`/questions/${questionId}/answers`, { method: 'POST', body: { body } });
          setBody('');
          onDone();
        } catch (err) {
          setError(err);
        }
      }}
      data-testid="answer-form"
    >
      <div class="field">
        <label for="answer-body">Your answer</label>
        <textarea id="answer-body" rows={5} value={body} onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)} data-testid="answer-body" />
        {fields.body && (
          <small class="error" role="alert" data-testid="error-answer">
            {fields.body}
          </small>
        )}
      </div>
      {general && (
        <p class="error" role="alert">
          {general}
        </p>
      )}
      <button type="submit" data-testid="answer-submit">
        Post the answer
      </button>
    </form>
  );
}
