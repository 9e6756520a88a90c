// The typed chat client's options, events and errors (the wire types are in protocol.ts).
import type { AckFrame, ChatMessage, ErrorFrame, NotificationFrame, ReadFrame, ServerFrame } from './protocol.js';

/** The part of a WebSocket the client uses (the browser's, or `ws` in Node). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface ChatClientOptions {
  /** e.g. ws://localhost:3000/api/v1/ws */
  url: string;
  /** The bearer token; leave it out in a browser logged in with the session cookie (the upgrade carries it). */
  token?: string;
  /** How to open a socket; defaults to the global WebSocket (browsers, Node ≥ 22). */
  socket?: SocketFactory;
  /** HTTP base for history paging after resync_required; defaults to the ws URL's origin + /api/v1. */
  httpBase?: string;
  backoff?: { initialMs?: number; maxMs?: number };
  /** Application ping to notice a dead connection; 0 turns it off. */
  pingIntervalMs?: number;
  /** Makes clientMsgIds; defaults to crypto.randomUUID. */
  newId?: () => string;
  /** Sends awaiting their ack at once (the server answers frames in order and refuses more than 128 waiting). Default 16. */
  maxInFlight?: number;
}

export interface ClientEvents {
  open: void;
  close: { code: number; reason: string; willReconnect: boolean };
  message: ChatMessage;
  message_updated: Extract<ServerFrame, { type: 'message_updated' }>;
  message_deleted: Extract<ServerFrame, { type: 'message_deleted' }>;
  subscribed: { roomId: string; lastSeq: number };
  unsubscribed: { roomId: string; reason?: string };
  typing: { roomId: string; memberId: string };
  presence: { roomId: string; online: string[] };
  /** My read marker moved (from this device or another one), with the room's unread count after it. */
  read: Omit<ReadFrame, 'type'>;
  notification: Omit<NotificationFrame, 'type'>;
  /** The room became read-only (its circle closed). */
  room_closed: { roomId: string };
  /** The end of a reconnect's resume. */
  resumed: Extract<ServerFrame, { type: 'resumed' }>;
  ack: AckFrame;
  error: ErrorFrame;
  frame: ServerFrame;
}

export interface Outgoing {
  sent: boolean;
  roomId: string;
  clientMsgId: string;
  body: string;
  resolve: (ack: AckFrame) => void;
  reject: (err: ChatError) => void;
}

export class ChatError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

