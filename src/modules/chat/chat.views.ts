// What leaves the server for a message: one shape for frames and HTTP; deleted or hidden messages become tombstones.
import type { MessageRow } from './chat.repo.js';

export interface MessageView {
  roomId: string;
  id: string;
  seq: number;
  authorId: string;
  clientMsgId: string;
  /** null for a tombstone (deleted by its author, or hidden by a moderator). */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Only for admins over HTTP: a hidden message keeps its body and says so. */
  hidden?: boolean;
}

export function toMessageView(row: MessageRow, viewer: { admin: boolean } = { admin: false }): MessageView {
  const gone = row.deletedAt !== null || (row.hiddenAt !== null && !viewer.admin);
  const view: MessageView = {
    roomId: row.roomId,
    id: row.id,
    seq: row.seq,
    authorId: row.authorId,
    clientMsgId: row.clientMsgId,
    body: gone ? null : row.body,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    deleted: gone,
  };
  if (viewer.admin && row.hiddenAt !== null) view.hidden = true;
  return view;
}

/** The live frame for a stored message, serialised once and sent to every subscriber. */
export const messageFrame = (row: MessageRow): string => JSON.stringify({ type: 'message', ...toMessageView(row) });

/** The frame announcing an edit, a delete or a moderator's hide/restore. */
export function changeFrame(row: MessageRow): string {
  if (row.deletedAt !== null || row.hiddenAt !== null) {
    return JSON.stringify({ type: 'message_deleted', roomId: row.roomId, id: row.id, seq: row.seq });
  }
  return JSON.stringify({
    type: 'message_updated',
    roomId: row.roomId,
    id: row.id,
    seq: row.seq,
    body: row.body,
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
  });
}
