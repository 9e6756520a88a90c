// The in-app list item: kind, data and read state for every kind, plus the flat Q&A fields the earlier Q&A-only list returned.
import { describe } from './templates.js';
import { KIND_TITLES, isKind } from './kinds.js';
import type { NotificationListRow } from './notifications.repo.js';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toListItem(row: NotificationListRow) {
  const d = row.data;
  const qa = row.kind.startsWith('qa_');
  const actorId = str(d.actorId);
  return {
    id: row.id,
    kind: row.kind,
    title: isKind(row.kind) ? KIND_TITLES[row.kind] : row.kind,
    text: describe(row.kind, d).line,
    data: d,
    read: row.readAt !== null,
    readAt: row.readAt,
    createdAt: row.createdAt,
    ...(qa
      ? {
          questionId: str(d.questionId),
          questionTitle: str(d.questionTitle),
          answerId: str(d.answerId),
          replyId: str(d.replyId),
          actor: actorId ? { id: actorId, displayName: str(d.actorName) ?? '' } : null,
          excerpt: str(d.excerpt),
        }
      : {}),
  };
}
