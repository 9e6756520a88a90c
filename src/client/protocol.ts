// The chat wire protocol (docs/protocol.md), defined once: the server's views and parser and the typed client both use it.

export interface ChatMessage {
  roomId: string;
  id: string;
  /** The message's place in the room's ordered log. */
  seq: number;
  /** null for a system message. */
  authorId: string | null;
  clientMsgId: string;
  /** null for a tombstone: deleted by its author or hidden by a moderator. */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Present (true) on a message the server posted itself (e.g. a meeting was scheduled, moved or cancelled). */
  system?: true;
  /** Structured detail of a system message. */
  meta?: Record<string, unknown>;
  /** Only for admins over HTTP: hidden by a moderator (the body is kept for them). */
  hidden?: true;
}

export interface ResumeRoom {
  roomId: string;
  sinceSeq?: number;
}

export type ClientFrame =
  | { type: 'subscribe'; roomId: string; sinceSeq?: number; ref?: string }
  | { type: 'resume'; rooms: ResumeRoom[]; ref?: string }
  | { type: 'unsubscribe'; roomId: string; ref?: string }
  | { type: 'send'; roomId: string; clientMsgId: string; body: string; ref?: string }
  | { type: 'edit'; roomId: string; id: string; body: string; ref?: string }
  | { type: 'delete'; roomId: string; id: string; ref?: string }
  | { type: 'read'; roomId: string; seq: number; ref?: string }
  | { type: 'typing'; roomId: string; ref?: string }
  | { type: 'ping'; ref?: string };

export type AckFrame = { type: 'ack'; roomId: string; clientMsgId: string; id: string; seq: number; createdAt: string; ref?: string };
export type ErrorFrame = { type: 'error'; code: string; message: string; ref?: string; roomId?: string };
export type MessageFrame = { type: 'message' } & ChatMessage;
/** An edit, or a restore by a moderator: `seq` is the message's, `eventSeq` the change's own place in the room's log. */
export type MessageUpdatedFrame = { type: 'message_updated'; roomId: string; id: string; seq: number; eventSeq: number; body: string; editedAt: string | null };
/** A delete by the author, or a hide by a moderator. */
export type MessageDeletedFrame = { type: 'message_deleted'; roomId: string; id: string; seq: number; eventSeq: number };
export type NotificationFrame = { type: 'notification'; id: string; kind: string; data: Record<string, unknown>; createdAt: string; truncated?: true };
export type ReadFrame = { type: 'read'; roomId: string; seq: number; unread: number };

export type ServerFrame =
  | MessageFrame
  | MessageUpdatedFrame
  | MessageDeletedFrame
  | { type: 'subscribed'; roomId: string; lastSeq: number; closed?: true }
  | { type: 'resumed'; rooms: { roomId: string; lastSeq?: number; status: 'subscribed' | 'resync_required' | 'not_found' }[]; ref?: string }
  | { type: 'resync_required'; roomId: string; lastSeq: number }
  | { type: 'unsubscribed'; roomId: string; reason?: 'removed'; ref?: string }
  | { type: 'typing'; roomId: string; memberId: string }
  | { type: 'presence'; roomId: string; online: string[] }
  | { type: 'room_closed'; roomId: string }
  | ReadFrame
  | NotificationFrame
  | AckFrame
  | { type: 'ok'; op: 'edit' | 'delete' | 'read'; roomId: string; id?: string; seq?: number; unread?: number; ref?: string }
  | { type: 'pong'; ref?: string }
  | ErrorFrame;

/** The highest log position a frame carries for its room (the resume cursor moves to it), or undefined. */
export function cursorOf(frame: ServerFrame): number | undefined {
  if (frame.type === 'message') return frame.seq;
  if (frame.type === 'message_updated' || frame.type === 'message_deleted') return frame.eventSeq;
  return undefined;
}

/** Close codes the server uses. */
export const CloseCodes = {
  /** Server restarting or shutting down: reconnect and resume. */
  serviceRestart: 1012,
  /** Too much queued for a slow reader: reconnect and resume. */
  tryAgainLater: 1013,
  /** Abusive client (a flood of rejected frames). */
  policyViolation: 1008,
  /** A frame over 64 KiB. */
  messageTooBig: 1009,
  /** The session this socket was opened with ended (logout, revoke, password change): log in again. */
  sessionEnded: 4001,
  /** The member was suspended: do not reconnect with this token. */
  suspended: 4003,
  /** The member has too many open sockets (CHAT_MAX_SOCKETS_PER_MEMBER): close another one, or retry later. */
  tooManySockets: 4008,
} as const;

/** Codes of error frames; `ROOM_CLOSED` refuses writes to a closed circle's room, `CONFLICT` a reused clientMsgId with another body. */
export const ErrorCodes = [
  'INVALID_JSON',
  'INVALID_FRAME',
  'VALIDATION_FAILED',
  'UNKNOWN_TYPE',
  'NOT_FOUND',
  'FORBIDDEN',
  'NOT_SUBSCRIBED',
  'RATE_LIMITED',
  'ROOM_CLOSED',
  'CONFLICT',
  'INTERNAL',
] as const;
