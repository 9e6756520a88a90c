// `npm run seed:demo`: ~300 synthetic owners and one admin, then a living network (circles, pairs, chat, Q&A, meetings); prints how to log in.
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { DEMO_ADMIN, DEMO_PASSWORD, demoEmail, seedDemo } from './demo-seed.js';
import { networkSummary, seedLivingNetwork } from './demo-network.js';

const { values } = parseArgs({
  options: { count: { type: 'string', default: '300' }, seed: { type: 'string', default: '2026' }, port: { type: 'string' } },
});
const count = Number(values.count);
const seed = Number(values.seed);
const config = loadConfig();
const port = values.port !== undefined ? Number(values.port) : config.PORT;
if (!Number.isInteger(count) || count < 10 || count > 100_000 || !Number.isInteger(seed) || !Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write('usage: npm run seed:demo -- [--count 300] [--seed 2026] [--port 3000]   (count 10–100000; port: where you will run the server, default PORT)\n');
  process.exit(1);
}

const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
try {
  if (database.kind === 'pglite' || config.MIGRATE_ON_START) await runMigrations(database);
  const { inserted, total, adminId } = await seedDemo(database, { count, seed });
  const { created } = await seedLivingNetwork(database, config, adminId, seed);
  const s = await networkSummary(database);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  process.stdout.write(
    [
      `Seeded ${inserted} new demo owners (${total} in the set)${created ? ', then published circles and pairs, chat, Q&A and meetings' : '; the network was already live'}.`,
      `The ${database.kind} database${database.kind === 'pglite' ? ` in ${config.DATA_DIR}` : ''} now holds:`,
      `  members:   ${s.members.active} active owners, ${s.members.pending} pending approval`,
      `  open:      ${s.circles.circle} circles, ${s.circles.pair} pairs, ${s.circles.alliance} alliances`,
      `  seats:     ${s.seats.accepted} accepted, ${s.seats.proposed} awaiting an answer, ${s.seats.declined} declined`,
      `  Q&A:       ${s.questions} questions, ${s.answers} answers`,
      `  chat:      ${s.messages} messages; meetings: ${s.meetings} series`,
      '',
      'Log in (POST /api/v1/auth/login):',
      `  admin:  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
      `  owners: ${demoEmail(0)} … ${demoEmail(total - 1)} / ${DEMO_PASSWORD}`,
      '',
      `Then start the server on that port (${values.port !== undefined ? `PORT=${port} ` : ''}npm start) and open ${url}/ (API docs at ${url}/docs).`,
      '',
    ].join('\n'),
  );
} finally {
  await database.close();
}
