// Group commit: concurrent sends share transactions yet keep gap-free seqs, idempotency and membership checks.
import { sql } from 'drizzle-orm';
import t from 'tap';
import { insertMessages } from '../../../src/modules/chat/batch.repo.js';
import { build, makeCircle, makeMember } from '../../helper.js';

t.test('concurrent sends in several rooms: one stored row per clientMsgId, seqs 1..n per room, outsiders refused', async (t) => {
  const app = await build(t, { CHAT_SEND_RATE: 100_000, CHAT_SEND_BURST: 100_000 });
  const people = await Promise.all([0, 1, 2].map(() => makeMember(app.database)));
  const outsider = await makeMember(app.database);
  const rooms = await Promise.all([0, 1, 2].map(() => makeCircle(app.database, people.map((p) => p.id))));
  const jobs: Promise<unknown>[] = [];
  const ids = new Map<string, Set<string>>();
  for (let i = 0; i < 90; i++) {
    const author = people[i % 3]!;
    const room = rooms[Math.floor(i / 3) % 3]!;
    const clientMsgId = `w-${i % 60}`; // the last 30 repeat earlier ones (same author and room when i ≡ j mod 9 … not always)
    jobs.push(
      app.chat.send(author.id, { roomId: room.id, clientMsgId, body: `message ${i}` }).then(({ row }) => {
        const key = `${room.id}|${author.id}|${clientMsgId}`;
        if (!ids.has(key)) ids.set(key, new Set());
        ids.get(key)!.add(row.id);
      }),
    );
  }
  const refused = app.chat.send(outsider.id, { roomId: rooms[0]!.id, clientMsgId: 'nope', body: 'let me in' }).then(
    () => 'stored',
    (err: { code?: string }) => err.code,
  );
  await Promise.all(jobs);
  t.equal(await refused, 'NOT_FOUND');
  t.ok([...ids.values()].every((set) => set.size === 1), 'every repeat answered with the stored id');
  const { rows } = (await app.database.db.execute(
    sql`select room_id as "roomId", count(*)::int as n, max(seq)::int as top, count(distinct (author_id, client_msg_id))::int as keys
        from chat_messages where room_id in (${sql.join(
          rooms.map((r) => sql`${r.id}`),
          sql`, `,
        )}) group by room_id`,
  )) as unknown as { rows: { n: number; top: number; keys: number }[] };
  t.equal(rows.reduce((s, r) => s + r.n, 0), ids.size, 'stored once per distinct (room, author, clientMsgId)');
  for (const r of rows) {
    t.equal(r.top, r.n, 'no gap');
    t.equal(r.keys, r.n, 'no double');
  }
});

t.test('insertMessages: a batch with repeats, outsiders and several rooms lines results up with its input', async (t) => {
  const app = await build(t);
  const a = await makeMember(app.database);
  const b = await makeMember(app.database);
  const r1 = await makeCircle(app.database, [a.id, b.id]);
  const r2 = await makeCircle(app.database, [a.id]);
  await app.chat.ensureCircleRooms([r1.id, r2.id]);
  const first = await app.chat.send(a.id, { roomId: r1.id, clientMsgId: 'old', body: 'stored before' });
  const results = await insertMessages(app.database, [
    { id: crypto.randomUUID(), roomId: r1.id, authorId: a.id, clientMsgId: 'n1', body: 'quote " and \\ backslash, {braces}' },
    { id: crypto.randomUUID(), roomId: r2.id, authorId: b.id, clientMsgId: 'n2', body: 'b is not in r2' },
    { id: crypto.randomUUID(), roomId: r1.id, authorId: a.id, clientMsgId: 'old', body: 'repeat' },
    { id: crypto.randomUUID(), roomId: r2.id, authorId: a.id, clientMsgId: 'n3', body: 'r2 first' },
    { id: crypto.randomUUID(), roomId: r1.id, authorId: b.id, clientMsgId: 'n4', body: 'r1 third' },
  ]);
  t.match(results[0], { created: true, row: { seq: 2 } });
  t.equal(results[1], null);
  t.match(results[2], { created: false, row: { id: first.row.id, seq: 1 } });
  t.match(results[3], { created: true, row: { seq: 1 } });
  t.match(results[4], { created: true, row: { seq: 3 } });
  const stored = await app.chat.getMessageForReview(results[0]!.row.id);
  t.equal(stored?.body, 'quote " and \\ backslash, {braces}', 'bodies survive the array literal');
});
