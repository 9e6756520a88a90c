// A question's thread: votes, follow, accept, answers with nested replies, edits with their history.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import { Link } from '../router.js';
import { useMe } from '../session.js';
import type { Answer, Question, Reply, Revision } from '../types.js';
import { ErrorNote, fieldErrors, Loading, Page, useData } from '../ui.js';

type Reload = () => void;

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
          </div>
        </div>
      </article>
      <h2 class="section">
        {q.answers.length} {q.answers.length === 1 ? 'answer' : 'answers'}
      </h2>
      <ul class="cards" data-testid="answers">
        {q.answers.map((a) => (
          <AnswerItem key={a.id} answer={a} question={q} tz={tz} onChange={reload} />
        ))}
      </ul>
      {q.locked ? <p class="note">This question is locked: no new answers or replies.</p> : <AnswerForm questionId={q.id} onDone={reload} />}
    </Page>
  );
}

function Votes({ targetType, id, score, myVote, onChange }: { targetType: 'question' | 'answer'; id: string; score: number; myVote: number; onChange: Reload }) {
  const [error, setError] = useState<unknown>(null);
  async function vote(value: 1 | -1) {
    setError(null);
    try {
      await api('/votes', { method: 'PUT', body: { targetType, targetId: id, value: myVote === value ? 0 : value } });
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div class="votes" data-testid={`votes-${targetType}`}>
      <button type="button" class="vote" aria-pressed={myVote === 1} aria-label="Vote up" onClick={() => vote(1)} data-testid="vote-up">
        ▲
      </button>
      <span data-testid="score" aria-label={`score ${score}`}>
        {score}
      </span>
      <button type="button" class="vote" aria-pressed={myVote === -1} aria-label="Vote down" onClick={() => vote(-1)} data-testid="vote-down">
        ▼
      </button>
      <ErrorNote error={error} />
    </div>
  );
}

function FollowButton({ id, following, onChange }: { id: string; following: boolean; onChange: Reload }) {
  return (
    <button
      type="button"
      class="secondary"
      aria-pressed={following}
      onClick={async () => {
        await api(`/questions/${id}/follow`, { method: following ? 'DELETE' : 'PUT' });
        onChange();
      }}
      data-testid="follow"
    >
      {following ? 'Following (stop)' : 'Follow this thread'}
    </button>
  );
}

/** A post's body with, for its author, an edit form (the version guards against overwriting someone's newer edit) and the history. */
function Editable({ kind, id, body, version, mine, onChange, title }: { kind: 'questions' | 'answers' | 'replies'; id: string; body: string; version: number; mine: boolean; onChange: Reload; title?: string }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(body);
  const [heading, setHeading] = useState(title ?? '');
  const [error, setError] = useState<unknown>(null);
  const [history, setHistory] = useState<Revision[] | null>(null);
  const { fields, general } = fieldErrors(error);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api(`/${kind}/${id}`, { method: 'PATCH', body: { body: text, version, ...(title !== undefined ? { title: heading } : {}) } });
      setEditing(false);
      setHistory(null);
      onChange();
    } catch (err) {
      setError(err);
    }
  }
  async function showHistory() {
    try {
      setHistory((await api<{ items: Revision[] }>(`/${kind}/${id}/revisions`)).items);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      {editing ? (
        <form onSubmit={save} data-testid="edit-form">
          {title !== undefined && (
            <div class="field">
              <label for={`t-${id}`}>Title</label>
              <input id={`t-${id}`} value={heading} onInput={(e) => setHeading((e.currentTarget as HTMLInputElement).value)} />
              {fields.title && <small class="error">{fields.title}</small>}
            </div>
          )}
          <div class="field">
            <label for={`b-${id}`}>Text</label>
            <textarea id={`b-${id}`} rows={5} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} data-testid="edit-body" />
            {fields.body && <small class="error">{fields.body}</small>}
          </div>
          {general && (
            <p class="error" role="alert">
              {general}
            </p>
          )}
          <div class="actions">
            <button type="submit" data-testid="edit-save">
              Save
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <p class="text" data-testid="post-body">
          {body}
        </p>
      )}
      <div class="msg-actions">
        {mine && !editing && (
          <button type="button" class="link" onClick={() => (setText(body), setEditing(true))} data-testid="edit">
            Edit
          </button>
        )}
        {version > 1 && (
          <button type="button" class="link" onClick={showHistory} data-testid="history">
            Edited: show history
          </button>
        )}
      </div>
      {history && (
        <ol class="history" data-testid="revisions">
          {history.map((r) => (
            <li key={r.id}>
              <span class="muted">
                Version {r.version}, {r.author?.displayName ?? 'Anonymous'}, {formatTime(r.createdAt, undefined)}
              </span>
              {r.title && <strong> {r.title}</strong>}
              <p class="text">{r.body}</p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function AnswerItem({ answer: a, question: q, tz, onChange }: { answer: Answer; question: Question; tz: string; onChange: Reload }) {
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
          <Replies replies={children(null)} all={a.replies} tz={tz} answerId={a.id} locked={q.locked} onChange={onChange} />
          {!q.locked && <ReplyForm answerId={a.id} parentId={null} onDone={onChange} />}
        </div>
      </div>
    </li>
  );
}

function Replies({ replies, all, tz, answerId, locked, onChange }: { replies: Reply[]; all: Reply[]; tz: string; answerId: string; locked: boolean; onChange: Reload }) {
  if (!replies.length) return null;
  return (
    <ul class="replies">
      {replies.map((r) => (
        <li key={r.id} data-testid="reply">
          <Editable kind="replies" id={r.id} body={r.body} version={r.version} mine={r.mine} onChange={onChange} />
          <p class="muted">
            {r.author?.displayName ?? 'Anonymous'} · <time dateTime={r.createdAt}>{formatTime(r.createdAt, tz)}</time>
          </p>
          {!locked && <ReplyForm answerId={answerId} parentId={r.id} onDone={onChange} />}
          <Replies replies={all.filter((x) => x.parentId === r.id)} all={all} tz={tz} answerId={answerId} locked={locked} onChange={onChange} />
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
