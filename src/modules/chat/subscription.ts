// What the hub keeps per room and per subscriber: live rooms, subscriptions (buffering while they replay), and the
// frame of one log event, serialised once and shared by every socket it goes to.
import WebSocket from 'ws';
import { eventFrame } from './chat.views.js';
import type { MessageRow, RoomEvent } from './messages.repo.js';

/** One frame of a room's log on its way to a subscriber; `own` is set on a member's message so its sender gets the ack first. */
export interface Outgoing {
  seq: number;
  /** The frame's JSON as UTF-8, encoded once. */
  data: Buffer;
  /** The whole websocket frame (header and data), built once and written as is to every subscriber's socket. */
  wire: Buffer;
  own?: MessageRow;
}

/** What the hub needs of a connection. */
export interface Subscriber {
  readonly memberId: string;
  readonly closed: boolean;
  sendRaw(data: string | Buffer): void;
  /** A frame of the room's log: a connection with this message's send in flight acks it first. */
  push(item: Outgoing): void;
}

export class Subscription {
  state: 'replaying' | 'live' = 'replaying';
  buffer: Outgoing[] = [];
  lastSeq = 0;
  ended = false;

  constructor(
    readonly conn: Subscriber,
    readonly room: LocalRoom,
  ) {}
}

export class LocalRoom {
  readonly subs = new Set<Subscription>();
  /** Every event up to this seq has been fanned out to the live subscriptions; null until the first replay sets it. */
  fetchedSeq: number | null = null;
  wantedSeq = 0;
  /** Its new events are being read right now (the local fast path stands aside). */
  running = false;

  constructor(readonly id: string) {}
}

export interface SubscribeRequest {
  roomId: string;
  sinceSeq: number | undefined;
  roomLastSeq: number;
}
export type SubscribeOutcome = { kind: 'subscribed'; sub: Subscription; lastSeq: number } | { kind: 'resync'; lastSeq: number } | { kind: 'aborted' };

// ws's own framing (`WebSocket.Sender.frame`, not in its type definitions): an unmasked, final, uncompressed text frame.
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
const TEXT_FRAME = { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false };

/** A text frame built once for many sockets: its payload and the bytes on the wire. */
export function textFrame(json: string): { data: Buffer; wire: Buffer } {
  const payload = Buffer.from(json);
  const [head, body] = Sender.frame(payload, TEXT_FRAME);
  const wire = Buffer.concat([head!, body ?? Buffer.alloc(0)]);
  return { data: wire.subarray(head!.length), wire };
}

export const toOutgoing = (event: RoomEvent): Outgoing => {
  const item: Outgoing = { seq: event.seq, ...textFrame(eventFrame(event)) };
  if (event.kind === 'message' && event.row.authorId !== null) item.own = event.row;
  return item;
};

export function groupByRoom(events: RoomEvent[]): Map<string, RoomEvent[]> {
  const byRoom = new Map<string, RoomEvent[]>();
  for (const event of events) {
    let list = byRoom.get(event.row.roomId);
    if (!list) byRoom.set(event.row.roomId, (list = []));
    list.push(event);
  }
  for (const list of byRoom.values()) list.sort((a, b) => a.seq - b.seq);
  return byRoom;
}
