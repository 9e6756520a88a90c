// Write coalescing: a socket's frames of one event-loop turn leave in one write; a large turn is flushed as it goes.
import { setImmediate as turn } from 'node:timers/promises';
import t from 'tap';
import { FLUSH_BYTES, WriteCoalescer } from '../../../src/modules/chat/coalesce.js';
import { build, makeMember } from '../../helper.js';
import { listen, openSocket } from './support.js';

function transport() {
  const calls: string[] = [];
  return { calls, cork: () => void calls.push('cork'), uncork: () => void calls.push('uncork') };
}

t.test('many frames in one turn: one cork, one uncork after the turn; the next turn corks again', async (t) => {
  const c = new WriteCoalescer();
  const a = transport();
  const b = transport();
  const ha = { transport: a, held: 0 };
  const hb = { transport: b, held: 0 };
  for (let i = 0; i < 10; i++) c.hold(ha, 100);
  c.hold(hb, 100);
  t.same(a.calls, ['cork'], 'corked once, still held during the turn');
  await turn();
  t.same(a.calls, ['cork', 'uncork'], 'flushed once after the turn');
  t.same(b.calls, ['cork', 'uncork']);
  c.hold(ha, 100);
  await turn();
  t.same(a.calls, ['cork', 'uncork', 'cork', 'uncork']);
});

t.test('a turn writing more than FLUSH_BYTES to one socket is flushed early, and cork and uncork stay balanced', async (t) => {
  const c = new WriteCoalescer();
  const a = transport();
  const h = { transport: a, held: 0 };
  const frame = Math.ceil(FLUSH_BYTES / 4);
  for (let i = 0; i < 10; i++) c.hold(h, frame);
  t.same(a.calls.slice(0, 2), ['cork', 'uncork'], 'flushed after the fourth frame, not at the end of the turn');
  await turn();
  t.equal(a.calls.filter((x) => x === 'cork').length, a.calls.filter((x) => x === 'uncork').length, 'every cork undone');
  t.equal(a.calls.at(-1), 'uncork');
  t.equal(h.held, 0);
});

t.test('a real socket is coalesced on the transport ws itself writes to', async (t) => {
  const app = await build(t, {});
  const url = await listen(app);
  const a = await makeMember(app.database);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'ping', ref: 'p' });
  await s.next((f) => f.type === 'pong');
  const [conn] = [...app.chatGateway.sockets.of(a.id)];
  const held = (conn as unknown as { held: { transport: unknown } | null }).held;
  t.ok(held, 'the connection has a transport to cork');
  t.equal(held?.transport, (conn!.ws as unknown as { _socket: unknown })._socket, 'and it is the socket under the websocket');
  s.close();
});
