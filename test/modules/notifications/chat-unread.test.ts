// Unread chat: told once per absence (after NOTIFY_CHAT_UNREAD_MINUTES without an open socket), with the batched total.
import t from 'tap';
import { loadConfig } from '../../../src/config.js';
import { rows, sql } from '../../../src/db/sql.js';
import { runChatUnread } from '../../../src/modules/notifications/chat-unread.js';
import { build, makeMember, TEST_CONFIG } from '../../helper.js';

t.test('a member away from chat gets one chat_unread with the total, not one per message, and again only after coming back', async (t) => {
  const app = await build(t);
  const m = await makeMember(app.database);
  const friend = await makeMember(app.database);
  const { roomId } = await app.chat.openDm(friend.id, m.id);
  let online: string[] = [m.id];
  const deps = {
    database: app.database,
    config: loadConfig({}, { ...TEST_CONFIG, NOTIFY_CHAT_UNREAD_MINUTES: 30 }),
    notifier: app.notifications.notifier,
    chat: { connectedMemberIds: () => online, unreadCounts: (id: string) => app.chat.unreadCounts(id) },
  };
  const mine = () => rows<{ data: { unread: number; rooms: number } }>(app.database.db, sql`select data from notifications where member_id = ${m.id} and kind = 'chat_unread' order by created_at`);
  const send = (n: number) => app.chat.send(friend.id, { roomId, clientMsgId: `c-${Date.now()}-${n}-${Math.random()}`, body: `message ${n}` });
  const t0 = Date.now();
  const at = (minutes: number) => new Date(t0 + minutes * 60_000);

  await runChatUnread(deps, at(0)); // m has a socket: seen now
  online = [];
  for (let i = 0; i < 3; i++) await send(i);
  await runChatUnread(deps, at(10));
  t.same(await mine(), [], 'away only ten minutes: nothing yet');
  await runChatUnread(deps, at(31));
  const first = await mine();
  t.equal(first.length, 1, 'away thirty minutes: told');
  t.match(first[0]!.data, { unread: 3, rooms: 1 });
  for (let i = 3; i < 8; i++) await send(i);
  await runChatUnread(deps, at(45));
  await runChatUnread(deps, at(90));
  t.equal((await mine()).length, 1, 'more messages in the same absence: no more notifications');

  online = [m.id];
  await runChatUnread(deps, at(100)); // back (and still unread)
  online = [];
  await runChatUnread(deps, at(140));
  const second = await mine();
  t.equal(second.length, 2, 'a new absence, told again');
  t.match(second[1]!.data, { unread: 8 });
});
