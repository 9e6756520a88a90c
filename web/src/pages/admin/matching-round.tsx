// One matching round: its figures (gauge, histogram), the draft as cards with moves and swaps, the overrides made, and publishing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatTime, words } from '../../format.js';
import { Link } from '../../router.js';
import { useMe } from '../../session.js';
import { ErrorNote, Loading, Page, useData } from '../../ui.js';
import { groupLabel, namesOf, roundPath, type Round } from './matching-api.js';
import { Board } from './matching-board.js';
import { ObjectiveGauge, ScoreHistogram } from './matching-figures.js';
import { MoveDialog, OverrideDialog } from './matching-move-dialog.js';
import { useMoves } from './matching-moves.js';
import { PublishPanel } from './matching-publish.js';
import { auditHref } from './audit-links.js';
import './matching.css';

export function MatchingRoundPage({ id }: { id: string }) {
  const { data, error, loading, reload, setData } = useData((signal) => api<Round>(roundPath(id), { signal }), [id]);
  return (
    <Page title={data ? `${words(data.mode)} round${data.status === 'published' ? ' (published)' : ' (draft)'}` : 'Matching round'}>
      <p>
        <Link href="/admin/matching">All rounds</Link>
      </p>
      {loading && !data && <Loading what="the round" />}
      <ErrorNote error={error} />
      {data && <RoundView round={data} setRound={setData} reload={reload} />}
    </Page>
  );
}

function RoundView({ round, setRound, reload }: { round: Round; setRound: (r: Round) => void; reload: () => void }) {
  const me = useMe();
  const [status, setStatus] = useState('');
  const [focusId, setFocusId] = useState<{ id: string } | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const announce = (text: string, memberId?: string) => {
    setStatus(text);
    if (memberId) setFocusId({ id: memberId });
  };
  const moves = useMoves(round, setRound, announce);
  const board = useRef<HTMLDivElement>(null);
  // After a move (or a cancelled one), focus follows the member to their new place.
  useEffect(() => {
    if (!focusId || moving || moves.pending) return;
    board.current?.querySelector<HTMLElement>(`[data-move-button="${CSS.escape(focusId.id)}"]`)?.focus();
    setFocusId(null);
  }, [focusId, moving, moves.pending]);
  const names = namesOf(round);
  return (
    <>
      <p>
        <Link href={auditHref({ targetId: round.id })} data-testid="round-audit-link">
          This round in the audit log
        </Link>
      </p>
      <p class="muted">
        {round.params.memberCount} members · sizes {round.params.minSize}–{round.params.maxSize} · made {formatTime(round.createdAt, me.profile.timezone)}
        {round.status === 'draft' ? ` · version ${round.version}` : ` · published ${formatTime(round.publishedAt ?? round.updatedAt, me.profile.timezone)}`}
      </p>
      <p class="status-line" role="status" aria-live="polite" data-testid="matching-status">
        {status}
      </p>
      <ErrorNote error={moves.error} testid="move-error" />
      <div class="round-figures">
        <ObjectiveGauge round={round} />
        <ScoreHistogram round={round} />
      </div>
      {round.status === 'draft' && (
        <PublishPanel
          round={round}
          onReload={reload}
          onPublished={(r) => {
            setRound(r);
            announce(`Published: ${r.groups.length} circles created; their members are proposed a seat.`);
          }}
        />
      )}
      <div ref={board}>
        <Board round={round} moves={moves} onMoveDialog={setMoving} />
      </div>
      {round.overrides.length > 0 && (
        <section aria-labelledby="overrides-title" data-testid="overrides">
          <h2 id="overrides-title" class="section">
            Overrides in this round
          </h2>
          <ul>
            {round.overrides.map((o) => (
              <li key={o.at}>
                {formatTime(o.at, me.profile.timezone)}: {o.action === 'publish' ? 'published anyway' : `${names.get(o.memberId ?? '') ?? 'a member'} to ${o.toGroup === null ? 'unmatched' : groupLabel(o.toGroup)}`} despite{' '}
                {o.codes.join(', ')}. Reason: “{o.reason}”
              </li>
            ))}
          </ul>
        </section>
      )}
      {(round.excluded.length > 0 || round.notes.length > 0) && (
        <details class="card">
          <summary>
            Left out of the round ({round.excluded.length}) and notes ({round.notes.length})
          </summary>
          <ul>
            {round.excluded.map((x) => (
              <li key={x.memberId}>
                {names.get(x.memberId) ?? x.memberId}: {x.reason}
              </li>
            ))}
            {round.notes.map((n) => (
              <li key={n.memberId + n.note}>
                {names.get(n.memberId) ?? 'A member'}: {n.note}
              </li>
            ))}
          </ul>
        </details>
      )}
      {moving && <MoveDialog round={round} memberId={moving} moves={moves} onClose={() => setMoving(null)} />}
      {moves.pending && <OverrideDialog key={moves.pending.what} moves={moves} />}
    </>
  );
}
