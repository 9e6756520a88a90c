// The demo seed: realistic owners that log in, an admin, deterministic and idempotent.
import { inArray } from 'drizzle-orm';
import t from 'tap';
import { members } from '../../../src/db/schema/index.js';
import { DEMO_ADMIN, DEMO_PASSWORD, demoEmail, seedDemo } from '../../../src/cli/demo-seed.js';
import { build } from '../../helper.js';

t.test('seedDemo fills the network with owners who can log in, and is idempotent', async (t) => {
  const app = await build(t);
  const first = await seedDemo(app.database, { count: 40, seed: 7 });
  t.equal(first.total, 40);
  t.equal(first.pending, 4);
  const again = await seedDemo(app.database, { count: 40, seed: 7 });
  t.equal(again.inserted, 0, 'a second run adds nothing');
  const rows = await app.database.db.select().from(members).where(inArray(members.email, Array.from({ length: 40 }, (_, i) => demoEmail(i))));
  t.equal(rows.length, 40);
  t.ok(new Set(rows.map((r) => r.profile.practiceType)).size >= 4, 'varied practice types');
  t.ok(new Set(rows.map((r) => r.profile.region.state)).size >= 5, 'several states');
  t.ok(rows.every((r) => r.profile.goals.length >= 1 && r.profile.goals.length <= 5));
  const active = rows.find((r) => r.status === 'active')!;
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: active.email, password: DEMO_PASSWORD } });
  t.equal(login.statusCode, 200);
  const admin = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: DEMO_ADMIN });
  t.equal(admin.statusCode, 200);
  t.equal(admin.json().member.role, 'admin');
});
