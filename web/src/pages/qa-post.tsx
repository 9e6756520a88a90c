// Pieces of a Q&A post: its votes, follow, and its body with the author's edit form and the edit history.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatTime } from '../format.js';
import type { Revision } from '../types.js';
import { ErrorNote, fieldErrors } from '../ui.js';

export type Reload = () => void;

export function Votes({ targetType, id, score, myVote, onChange }: { targetType: 'question' | 'answer'; id: string; score: number; myVote: number; onChange: Reload }) {
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

export function FollowButton({ id, following, onChange }: { id: string; following: boolean; onChange: Reload }) {
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
export function Editable({ kind, id, body, version, mine, onChange, title }: { kind: 'questions' | 'answers' | 'replies'; id: string; body: string; version: number; mine: boolean; onChange: Reload; title?: string }) {
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

