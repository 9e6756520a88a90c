// Baseline for the chat benchmark: a raw ws broadcast server speaking just enough of the protocol (no auth, no storage).
// Rooms come from ?room=; `subscribe` answers `subscribed`, `resume` (what the client sends on every open) answers
// `subscribed` per room and `resumed`, `send` answers `ack` and broadcasts `message` to the room.
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.env.PORT ?? 0);
/** As long as a member id, so both servers' message frames have the same size. */
const RAW_AUTHOR = '00000000-0000-4000-8000-000000000000';
const rooms = new Map<string, { seq: number; sockets: Set<WebSocket> }>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: 64 * 1024, perMessageDeflate: false });

wss.on('connection', (ws, request) => {
  const roomId = new URL(request.url ?? '/', 'http://x').searchParams.get('room') ?? 'none';
  let room = rooms.get(roomId);
  if (!room) rooms.set(roomId, (room = { seq: 0, sockets: new Set() }));
  const r = room;
  r.sockets.add(ws);
  ws.on('close', () => r.sockets.delete(ws));
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; roomId: string; clientMsgId: string; body: string; rooms?: { roomId: string }[]; ref?: string };
    if (frame.type === 'subscribe') return ws.send(JSON.stringify({ type: 'subscribed', roomId: frame.roomId, lastSeq: r.seq }));
    if (frame.type === 'resume') {
      const rooms = frame.rooms ?? [];
      for (const { roomId } of rooms) ws.send(JSON.stringify({ type: 'subscribed', roomId, lastSeq: r.seq }));
      return ws.send(JSON.stringify({ type: 'resumed', rooms: rooms.map(({ roomId }) => ({ roomId, lastSeq: r.seq, status: 'subscribed' })), ref: frame.ref }));
    }
    if (frame.type !== 'send') return;
    const seq = ++r.seq;
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    ws.send(JSON.stringify({ type: 'ack', roomId: frame.roomId, clientMsgId: frame.clientMsgId, id, seq, createdAt }));
    const out = JSON.stringify({ type: 'message', roomId: frame.roomId, id, seq, authorId: RAW_AUTHOR, body: frame.body, createdAt, clientMsgId: frame.clientMsgId, editedAt: null, deleted: false });
    for (const peer of r.sockets) peer.send(out);
  });
});

wss.on('listening', () => {
  process.stdout.write(`${JSON.stringify({ port: (wss.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
