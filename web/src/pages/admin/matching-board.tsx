// A draft as cards: each group (score, members, reasons) and the unmatched (with reasons). Members move by drag and drop
// (onto a group: move; onto a member: swap; onto "Unmatched": out) or with their "Move…" button (the keyboard way).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Link } from '../../router.js';
import { groupLabel, type Round, type RoundGroup } from './matching-api.js';
import type { Moves, TargetCheck } from './matching-moves.js';

type Drop = { kind: 'group'; index: number } | { kind: 'swap'; id: string } | { kind: 'out' } | null;
const DRAG_TYPE = 'application/x-practice-peers-member';

export function Board({ round, moves, onMoveDialog }: { round: Round; moves: Moves; onMoveDialog: (memberId: string) => void }) {
  const editable = round.status === 'draft';
  const [dragging, setDragging] = useState<string | null>(null);
  const [drop, setDrop] = useState<Drop>(null);
  const checks = dragging ? moves.checksFor(dragging) : {};

  const dragProps = (memberId: string) =>
    editable
      ? {
          draggable: true,
          onDragStart: (e: DragEvent) => {
            e.dataTransfer?.setData(DRAG_TYPE, memberId);
            e.dataTransfer?.setData('text/plain', memberId);
            if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
            setDragging(memberId);
            moves.checkTargets(memberId);
          },
          onDragEnd: () => {
            setDragging(null);
            setDrop(null);
          },
        }
      : {};
  /** Drop-zone handlers: `target` is what a drop here does. */
  const zone = (target: Exclude<Drop, null>) =>
    editable
      ? {
          onDragOver: (e: DragEvent) => {
            if (!dragging) return;
            e.preventDefault();
            e.stopPropagation();
            if (JSON.stringify(drop) !== JSON.stringify(target)) setDrop(target);
          },
          onDrop: (e: DragEvent) => {
            e.preventDefault();
            e.stopPropagation();
            const memberId = e.dataTransfer?.getData(DRAG_TYPE) || dragging;
            setDragging(null);
            setDrop(null);
            if (!memberId) return;
            if (target.kind === 'swap') {
              if (target.id !== memberId) moves.attempt({ memberId, swapWith: target.id });
            } else if (target.kind === 'out') {
              if (round.groups.some((g) => g.memberIds.includes(memberId))) moves.attempt({ memberId, toGroup: null });
            } else if (!round.groups[target.index]?.memberIds.includes(memberId)) moves.attempt({ memberId, toGroup: target.index });
          },
        }
      : {};

  const memberItem = (id: string, name: string, extra?: string) => (
    <li
      key={id}
      class={`member${dragging === id ? ' dragging' : ''}${drop?.kind === 'swap' && drop.id === id ? ' drop-here' : ''}`}
      data-testid="draft-member"
      data-member-id={id}
      {...dragProps(id)}
      {...zone({ kind: 'swap', id })}
    >
      <span class="member-name">{name || 'A member'}</span>
      {drop?.kind === 'swap' && drop.id === id && dragging !== id && <span class="drop-hint">Swap here</span>}
      {extra && <span class="muted member-reason">{extra}</span>}
      {editable && (
        <button type="button" class="link" onClick={() => onMoveDialog(id)} aria-label={`Move ${name}…`} data-move-button={id} data-testid="move-button">
          Move…
        </button>
      )}
    </li>
  );

  return (
    <div class="board" data-testid="board">
      {editable && (
        <p class="muted" id="board-help">
          Drag a member onto a group to move them, onto another member to swap them, or onto “Unmatched” to take them out; or use their “Move…” button.
        </p>
      )}
      <ol class="groups" aria-label="Groups">
        {round.groups.map((g) => (
          <GroupCard key={`${g.index}:${g.memberIds.join()}`} group={g} check={dragging ? checks[g.index] : undefined} over={drop?.kind === 'group' && drop.index === g.index} zone={zone({ kind: 'group', index: g.index })}>
            <ul class="members" aria-label={`Members of ${groupLabel(g.index)}`}>
              {g.members.map((m) => memberItem(m.id, m.displayName))}
            </ul>
          </GroupCard>
        ))}
      </ol>
      <section class={`card unmatched${drop?.kind === 'out' ? ' drop-here' : ''}`} aria-labelledby="unmatched-title" data-testid="unmatched" {...zone({ kind: 'out' })}>
        <h2 id="unmatched-title">Unmatched ({round.unmatched.length})</h2>
        {round.unmatched.length === 0 ? (
          <p class="muted">Everyone is in a group.</p>
        ) : (
          <ul class="members">{round.unmatched.map((u) => memberItem(u.memberId, u.displayName ?? '', u.reason))}</ul>
        )}
      </section>
    </div>
  );
}

function GroupCard({ group: g, check, over, zone, children }: { group: RoundGroup; check: TargetCheck; over: boolean; zone: object; children: ComponentChildren }) {
  return (
    <li class={`card group${over ? ' drop-here' : ''}${check ? ' breaks' : ''}`} data-testid="group" data-group={g.index} {...zone}>
      <div class="card-head">
        <h2>{groupLabel(g.index)}</h2>
        <span class="tag" data-testid="group-score">
          score {g.score.toFixed(2)}
        </span>
      </div>
      {check && (
        <p class="error" data-testid="drop-warning">
          Breaks a rule: {check.title}
        </p>
      )}
      {over && !check && <p class="drop-hint">Move here</p>}
      {children}
      {g.reasons.length > 0 && (
        <ul class="reasons" aria-label={`Why ${groupLabel(g.index)}`}>
          {g.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      {g.circleId && <Link href={`/circles/${g.circleId}`}>Open the circle</Link>}
    </li>
  );
}
