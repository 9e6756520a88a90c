// A server process for the Q&A benchmark: `app` is the real service; `bare` is a plain Fastify route that runs the
// very same SQL (session lookup, then the list statement) through pg and serializes with a JSON schema.
import { createHash } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { members, sessions } from '../../src/db/schema/index.js';
import { render } from '../../src/db/sql.js';
import { lastUsedStale } from '../../src/modules/auth/sessions.repo.js';
import { DEFAULT_RANK_WINDOW, listQuestionsSql } from '../../src/modules/qa/search.repo.js';

const [mode] = process.argv.slice(2);
const url = process.env.DATABASE_URL!;
const POOL = 10;

async function app() {
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production', PG_POOL_MAX: String(POOL) });
  const database = await openDatabase({ databaseUrl: url, poolMax: POOL });
  const server = await buildApp({ config, database });
  await server.listen({ host: '127.0.0.1', port: 0 });
  return (server.server.address() as { port: number }).port;
}

/** The statements the app runs for GET /questions, rendered once by the same builders. */
export function statements(readerId: string) {
  const db = drizzle.mock();
  // The auth plugin's findSession, as drizzle renders it.
  const session = db
    .select({
      sessionId: sessions.id, memberId: members.id, role: members.role, status: members.status, displayName: members.displayName,
      stale: lastUsedStale,
    })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .where(and(eq(sessions.tokenHash, 'HASH'), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .toSQL();
  const list = render(
    listQuestionsSql({
      viewer: { memberId: readerId, isAdmin: false },
      tags: [],
      sort: 'newest',
      take: 21,
      windowEnd: new Date().toISOString(),
      rankWindow: DEFAULT_RANK_WINDOW,
    }),
  );
  return { session, list };
}

const row = {
  type: 'object',
  properties: Object.fromEntries(
    [
      ['id', 'string'], ['title', 'string'], ['excerpt', 'string'], ['tags', 'array'], ['circleId', ['string', 'null']], ['anonymous', 'boolean'],
      ['authorId', 'string'], ['authorName', ['string', 'null']], ['score', 'integer'], ['answerCount', 'integer'], ['hasAcceptedAnswer', 'boolean'],
      ['locked', 'boolean'], ['createdAt', 'string'], ['updatedAt', 'string'], ['lastActivityAt', 'string'], ['hidden', 'boolean'],
      ['hiddenReason', ['string', 'null']], ['removed', 'boolean'], ['titleHighlight', ['string', 'null']], ['snippet', ['string', 'null']],
    ].map(([name, type]) => [name, type === 'array' ? { type, items: { type: 'string' } } : { type }]),
  ),
};
const pageSchema = { type: 'object', properties: { items: { type: 'array', items: row }, nextCursor: { type: ['string', 'null'] } } };

async function bare() {
  const pool = new pg.Pool({ connectionString: url, max: POOL });
  const { session, list } = statements(process.env.READER_ID!);
  const server = Fastify({ logger: false });
  const listOnly = async () => ({ items: (await pool.query(list.sql, list.params)).rows, nextCursor: null });
  server.get('/bare/questions', { schema: { response: { 200: pageSchema } } }, async (request) => {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const hash = token ? createHash('sha256').update(token).digest('hex') : '';
    const found = await pool.query(session.sql, session.params.map((p) => (p === 'HASH' ? hash : p)));
    if (!found.rowCount) throw Object.assign(new Error('unauthenticated'), { statusCode: 401 });
    return listOnly();
  });
  server.get('/bare/questions-sql-only', { schema: { response: { 200: pageSchema } } }, listOnly);
  await server.listen({ host: '127.0.0.1', port: 0 });
  return (server.server.address() as { port: number }).port;
}

if (mode === 'app' || mode === 'bare') {
  const port = await (mode === 'app' ? app() : bare());
  if (process.send) {
    process.send({ port });
    // The bench asks for CPU time around each load run: CPU per request is the overhead, busy machine or not.
    process.on('message', (m: { cpu?: boolean }) => {
      if (m.cpu) process.send!({ cpu: process.cpuUsage() });
    });
  }
  else process.stdout.write(`${mode} listening on ${port}\n`);
  // Exit cleanly on SIGTERM (so --cpu-prof can write its profile).
  process.once('SIGTERM', () => process.exit(0));
}
