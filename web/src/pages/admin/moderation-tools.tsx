// Moderation inside a Q&A thread, for admins only: lock or unlock the question, hide or restore the question and each
// answer or reply (admins still see hidden posts, marked). Each action confirmed in a dialog; the result announced.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Link } from '../../router.js';
import { ActionDialog } from './moderation-dialog.js';
import { HideRestoreButton } from './moderation-decide.js';

type Post = { id: string; hidden: boolean; removed: boolean; hiddenReason: string | null };

/** The "hidden"/"removed" mark and the hide/restore button of one post. */
export function PostModeration({ kind, post, onChange }: { kind: 'question' | 'answer' | 'reply'; post: Post; onChange: () => void }) {
  const [result, setResult] = useState('');
  return (
    <div class="mod-tools" data-testid={`mod-${kind}`}>
      {post.removed ? (
        <span class="tag error">removed</span>
      ) : post.hidden ? (
        <span class="tag error" data-testid="hidden-mark">
          hidden from members{post.hiddenReason ? `: ${post.hiddenReason}` : ''}
        </span>
      ) : null}
      {!post.removed && (
        <HideRestoreButton
          targetType={kind}
          targetId={post.id}
          hidden={post.hidden}
          onDone={(m) => {
            setResult(m);
            onChange();
          }}
        />
      )}
      <Link href={`/admin/moderation?status=all&target=${post.id}`} data-testid="post-reports">
        Reports on this {kind}
      </Link>
      <span role="status" class="muted" data-testid="mod-result">
        {result}
      </span>
    </div>
  );
}

/** Lock (no new answers or replies) or unlock the question. */
export function LockButton({ questionId, locked, onChange }: { questionId: string; locked: boolean; onChange: () => void }) {
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState('');
  return (
    <div class="mod-tools">
      <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid={locked ? 'unlock-question' : 'lock-question'}>
        {locked ? 'Unlock the thread' : 'Lock the thread'}
      </button>
      <span role="status" class="muted" data-testid="lock-result">
        {result}
      </span>
      {asking && (
        <ActionDialog
          title={locked ? 'Unlock this thread?' : 'Lock this thread?'}
          confirmLabel={locked ? 'Unlock' : 'Lock'}
          reason="optional"
          onConfirm={async ({ reason }) => {
            await api(`/admin/questions/${questionId}/${locked ? 'unlock' : 'lock'}`, { method: 'POST', body: reason ? { reason } : {} });
            return locked ? 'The thread is open again: members can answer and reply.' : 'The thread is locked: no new answers or replies.';
          }}
          onDone={(m) => {
            setAsking(false);
            if (m) {
              setResult(m);
              onChange();
            }
          }}
        >
          <p>{locked ? 'Members can answer and reply again.' : 'Members can still read it, vote and follow, but not answer or reply.'}</p>
        </ActionDialog>
      )}
    </div>
  );
}
