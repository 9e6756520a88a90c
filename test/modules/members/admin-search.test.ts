// The admin member list searched by name (the console's pick list): hidden-from-directory members included, wildcards literal.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { build, makeAdmin, makeMember } from '../../helper.js';

t.test('GET /admin/members?status=active&q= finds active members by display or practice name, hidden ones too; members get 403', async (t) => {
  const app = await build(t);
  const admin = await makeAdmin(app.database);
  const word = `Zq${randomUUID().slice(0, 8)}`;
  const byName = await makeMember(app.database, { displayName: `Dana ${word}` });
  const hidden = await makeMember(app.database, { displayName: 'Hidden Owner', profile: { practiceName: `${word} Therapy`, hideFromDirectory: true } });
  await makeMember(app.database, { displayName: `Pending ${word}`, status: 'pending' });
  const list = (query: string, who = admin) => app.inject({ method: 'GET', url: `/api/v1/admin/members${query}`, headers: who.auth });

  const found = await list(`?status=active&q=${encodeURIComponent(word.toLowerCase())}`);
  t.equal(found.statusCode, 200, found.body);
  t.same(found.json().items.map((m: { id: string }) => m.id).sort(), [byName.id, hidden.id].sort(), 'case-insensitive, practice names too, pending left out');
  const wildcard = await list(`?status=active&q=${encodeURIComponent(`${word.slice(0, 3)}%`)}`);
  t.same(wildcard.json().items, [], 'a % in q is a literal percent sign');
  t.equal((await list('?q=')).statusCode, 400, 'an empty q is refused');
  t.equal((await list(`?q=${word}`, byName)).statusCode, 403, 'members may not list');
});

t.test('GET /admin/members?role=admin lists the staff only (the audit log picks its actors from it); a bad role is a 400', async (t) => {
  const app = await build(t);
  const word = `Zr${randomUUID().slice(0, 8)}`;
  const admin = await makeMember(app.database, { role: 'admin', displayName: `Admin ${word}` });
  const member = await makeMember(app.database, { displayName: `Member ${word}` });
  const list = (query: string) => app.inject({ method: 'GET', url: `/api/v1/admin/members${query}`, headers: admin.auth });

  const staff = await list(`?role=admin&q=${word}`);
  t.equal(staff.statusCode, 200, staff.body);
  t.same(staff.json().items.map((m: { id: string; role: string }) => [m.id, m.role]), [[admin.id, 'admin']], 'the admin, not the member of the same name');
  t.same((await list(`?role=member&q=${word}`)).json().items.map((m: { id: string }) => m.id), [member.id], 'and the other way round');
  t.same((await list(`?q=${word}`)).json().items.map((m: { id: string }) => m.id).sort(), [admin.id, member.id].sort(), 'no role: both');
  const bad = await list('?role=owner');
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { code: 'VALIDATION_FAILED', message: /role/ }, 'the contract\'s error shape, naming the field');
});
