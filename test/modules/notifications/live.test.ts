// Live: a committed notification becomes a `notification` frame on the member's open sockets — on this process, and on
// another server process through the chat bus (PostgreSQL).
import t from 'tap';
import { testDatabaseUrl } from '../../support/database.js';
import { build, makeMember } from '../../helper.js';
import { listen, openSocket, startServer } from '../chat/support.js';
import { notify, workerLock } from './support.js';

// Worker passes here must not take another file's live notifications (or have theirs taken): one such file at a time.
t.teardown(await workerLock());

const pgUrl = testDatabaseUrl();

t.test('one process: the frame reaches every open socket of the member, and only theirs', async (t) => {
  const app = await build(t);
  const url = await listen(app);
  const m = await makeMember(app.database);
  const other = await makeMember(app.database);
  const [s1, s2, s3] = await Promise.all([openSocket(url.ws, m.token), openSocket(url.ws, m.token), openSocket(url.ws, other.token)]);
  t.teardown(() => [s1, s2, s3].forEach((s) => s.close()));
  await notify(app, { memberId: m.id, kind: 'matched', data: { circleKind: 'pair', circleId: null } });
  await app.notifications.worker.runOnce({ jobs: false, mail: false });
  for (const s of [s1, s2]) {
    const frame = await s.next((f) => f.type === 'notification', 15_000);
    t.match(frame, { type: 'notification', kind: 'matched', data: { circleKind: 'pair' } });
    t.type(frame.id, 'string');
  }
  await notify(app, { memberId: other.id, kind: 'qa_mention', data: { questionTitle: 'x' } });
  await app.notifications.worker.runOnce({ jobs: false, mail: false });
  const theirs = await s3.next((f) => f.type === 'notification', 15_000);
  t.equal(theirs.kind, 'qa_mention');
  t.notOk(s1.frames.some((f) => f.type === 'notification' && f.kind === 'qa_mention'), 'not on the other member’s sockets');
});

t.test('two processes on PostgreSQL: notified here, the socket on the other server gets the frame', { skip: pgUrl ? false : 'needs PostgreSQL (set TEST_DATABASE_URL): PGlite is one process' }, async (t) => {
  // This process is one server (in-process app on the postgres bus), the child is the other; the child runs no worker
  // (on a shared test database it would send other tests' mails), so the frame can only come over the bus.
  const app = await build(t, { CHAT_BUS: 'postgres' });
  await listen(app);
  const child = await startServer({ DATABASE_URL: pgUrl!, CHAT_BUS: 'postgres', NOTIFY_WORKER: 'false' });
  t.teardown(() => child.kill());
  const m = await makeMember(app.database);
  const socket = await openSocket(child.ws, m.token);
  t.teardown(() => socket.close());
  await notify(app, { memberId: m.id, kind: 'meeting_scheduled', data: { title: 'Circle call', startsAt: '2026-12-01T15:00:00.000Z' } });
  await app.notifications.worker.runOnce({ jobs: false, mail: false });
  const frame = await socket.next((f) => f.type === 'notification', 30_000);
  t.match(frame, { type: 'notification', kind: 'meeting_scheduled', data: { title: 'Circle call' } });
});
