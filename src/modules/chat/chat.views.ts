// What leaves the server for a message, in the protocol's shapes (src/client/protocol.ts): one view for frames and HTTP.
import type { AckFrame, ChatMessage, MessageDeletedFrame, MessageUpdatedFrame } from '../../client/protocol.js';
import type { MessageRow, RoomEvent } from './messages.repo.js';

export type MessageView = ChatMessage;

/** Deleted or (for members) hidden messages become tombstones that keep their seq. */
export function toMessageView(row: MessageRow, viewer: { admin: boolean } = { admin: false }): MessageView {
  const gone = row.deletedAt !== null || (row.hiddenAt !== null && !viewer.admin);
  const view: MessageView = {
    roomId: row.roomId,
    id: row.id,
    seq: row.seq,
    authorId: row.authorId,
    clientMsgId: row.clientMsgId,
    body: gone ? null : row.body,
    createdAt: row.createdAt,
    editedAt: row.editedAt,
    deleted: gone,
  };
  if (row.kind === 'system') {
    view.system = true;
    if (row.meta) view.meta = row.meta;
  }
  if (viewer.admin && row.hiddenAt !== null) view.hidden = true;
  return view;
}

/** The frame for one event of the room's log, serialised once and sent to every subscriber. */
export function eventFrame(event: RoomEvent): string {
  const { row } = event;
  if (event.kind === 'message') return JSON.stringify({ type: 'message', ...toMessageView(row) });
  // A change is shown in the message's current state: a later hide wins over an earlier edit, whatever is replayed.
  if (row.deletedAt !== null || row.hiddenAt !== null) {
    const frame: MessageDeletedFrame = { type: 'message_deleted', roomId: row.roomId, id: row.id, seq: row.seq, eventSeq: event.seq };
    return JSON.stringify(frame);
  }
  const frame: MessageUpdatedFrame = { type: 'message_updated', roomId: row.roomId, id: row.id, seq: row.seq, eventSeq: event.seq, body: row.body, editedAt: row.editedAt };
  return JSON.stringify(frame);
}

export function ackFrame(row: Pick<MessageRow, 'roomId' | 'clientMsgId' | 'id' | 'seq' | 'createdAt'>, ref?: string): AckFrame {
  const frame: AckFrame = { type: 'ack', roomId: row.roomId, clientMsgId: row.clientMsgId, id: row.id, seq: row.seq, createdAt: row.createdAt };
  if (ref !== undefined) frame.ref = ref;
  return frame;
}
