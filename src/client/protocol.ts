// Wire types of the chat protocol (docs/protocol.md), shared by the client and anyone writing one.

export interface ChatMessage {
  roomId: string;
  id: string;
  seq: number;
  authorId: string;
  clientMsgId: string;
  /** null for a tombstone: deleted by its author or hidden by a moderator. */
  body: string | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
}

export type ClientFrame =
  | { type: 'subscribe'; roomId: string; sinceSeq?: number; ref?: string }
  | { type: 'unsubscribe'; roomId: string; ref?: string }
  | { type: 'send'; roomId: string; clientMsgId: string; body: string; ref?: string }
  | { type: 'edit'; roomId: string; id: string; body: string; ref?: string }
  | { type: 'delete'; roomId: string; id: string; ref?: string }
  | { type: 'read'; roomId: string; seq: number; ref?: string }
  | { type: 'typing'; roomId: string; ref?: string }
  | { type: 'ping'; ref?: string };

export type AckFrame = { type: 'ack'; roomId: string; clientMsgId: string; id: string; seq: number; createdAt: string; ref?: string };
export type ErrorFrame = { type: 'error'; code: string; message: string; ref?: string };

export type ServerFrame =
  | ({ type: 'message' } & ChatMessage)
  | { type: 'message_updated'; roomId: string; id: string; seq: number; body: string; editedAt: string | null }
  | { type: 'message_deleted'; roomId: string; id: string; seq: number }
  | { type: 'subscribed'; roomId: string; lastSeq: number }
  | { type: 'resync_required'; roomId: string; lastSeq: number }
  | { type: 'unsubscribed'; roomId: string; reason?: 'removed'; ref?: string }
  | { type: 'typing'; roomId: string; memberId: string }
  | { type: 'presence'; roomId: string; online: string[] }
  | AckFrame
  | { type: 'ok'; op: 'edit' | 'delete' | 'read'; roomId: string; id?: string; seq?: number; ref?: string }
  | { type: 'pong'; ref?: string }
  | ErrorFrame;

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
  /** The member was suspended: do not reconnect with this token. */
  suspended: 4003,
} as const;
