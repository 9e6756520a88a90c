// The fuzz driver: every route of the OpenAPI document, valid-looking and hostile inputs, as anonymous, member and admin.
// Checks: no 5xx, every error exactly { statusCode, code, message }, and a refused write leaves no row behind.
import type { App } from '../../../src/app.js';
import type { Database } from '../../../src/db/client.js';
import { rows, sql } from '../../../src/db/sql.js';
import { makeAdmin, makeMember, type TestMember } from '../../helper.js';
import { hostilePathText, mutate, rng, validValue, type Json, type Rng, type Schema } from './generate.js';

export interface FuzzFailure {
  route: string;
  request: { method: string; url: string; as: string; contentType?: string; payload?: string };
  problem: string;
  status: number;
  body: string;
}

export interface FuzzStats {
  inputs: number;
  routes: number;
  byStatus: Record<string, number>;
  failures: FuzzFailure[];
  ms: number;
  /** Of ms: spent in the row-count checks. */
  checkMs: number;
}

interface Operation {
  method: string;
  path: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  query: Array<{ name: string; schema: Schema; required: boolean }>;
  body?: Schema;
  secured: boolean;
}

// Routes that end the fuzzing actors' own sessions would only make the rest of the run anonymous.
const SKIP = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

export function operations(doc: any): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    if (!path.startsWith('/api/') && !['/health', '/ready'].includes(path)) continue;
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const key = `${method.toUpperCase()} ${path}`;
      if (SKIP.has(key)) continue;
      const params = (op.parameters ?? []) as any[];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {}, required: !!p.required })),
        body: op.requestBody?.content?.['application/json']?.schema,
        secured: Array.isArray(op.security) && op.security.length > 0,
      });
    }
  }
  return ops;
}

/** Row counts of everything the fuzzing members own (every table with a foreign key to members). */
async function ownedRowsQuery(database: Database, timing: { checkMs: number }) {
  const fks = await rows<{ table_name: string; column_name: string }>(
    database.db,
    sql`SELECT DISTINCT kcu.table_name, kcu.column_name
        FROM information_schema.table_constraints tc
        JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
        JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'members' AND tc.table_schema = 'public'
          AND kcu.table_name NOT IN ('sessions')
        ORDER BY 1, 2`,
  );
  return async (memberIds: string[]): Promise<string> => {
    if (!fks.length || !memberIds.length) return '';
    const began = performance.now();
    try {
      return await countOwned(memberIds);
    } finally {
      timing.checkMs += performance.now() - began;
    }
  };
  async function countOwned(memberIds: string[]): Promise<string> {
    const list = sql.join(memberIds.map((id) => sql`${id}::uuid`), sql`, `);
    const parts = fks.map((f) => sql`SELECT ${`${f.table_name}.${f.column_name}`} AS k, count(*)::int AS n FROM ${sql.identifier(f.table_name)} WHERE ${sql.identifier(f.column_name)} IN (${list})`);
    const result = await rows<{ k: string; n: number }>(database.db, sql.join(parts, sql` UNION ALL `));
    return result.map((x) => `${x.k}=${x.n}`).join(',');
  }
}

function checkError(status: number, body: string): string | null {
  let json: any;
  try {
    json = JSON.parse(body);
  } catch {
    return 'error body is not JSON';
  }
  const keys = json && typeof json === 'object' ? Object.keys(json).sort().join(',') : '';
  if (keys !== 'code,message,statusCode') return `error keys are ${keys}`;
  if (json.statusCode !== status) return `statusCode ${json.statusCode} differs from HTTP ${status}`;
  if (!/^[A-Z][A-Z0-9_]*$/.test(json.code)) return `code ${json.code} is not UPPER_SNAKE`;
  if (typeof json.message !== 'string' || !json.message) return 'empty message';
  return null;
}

export async function runFuzz(opts: { app: App; database: Database; inputs: number; seed: number; maxMs?: number; log?: (line: string) => void }): Promise<FuzzStats> {
  const { app, database } = opts;
  const r: Rng = rng(opts.seed);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const refs: Record<string, Schema> = doc.components?.schemas ?? {};
  const ops = operations(doc);
  const started = Date.now();
  const stats: FuzzStats = { inputs: 0, routes: ops.length, byStatus: {}, failures: [], ms: 0, checkMs: 0 };
  const owned = await ownedRowsQuery(database, stats);

  // Actors, and real ids for path parameters to land on (their objects exist; other ids are random UUIDs).
  let member!: TestMember, other!: TestMember, admin!: TestMember;
  const ids: string[] = [];
  async function freshActors() {
    member = await makeMember(database, { displayName: 'Fuzz Member' });
    other = await makeMember(database, { displayName: 'Fuzz Other' });
    admin = await makeAdmin(database);
    ids.length = 0;
    ids.push(member.id, other.id);
    const q = await app.inject({ method: 'POST', url: '/api/v1/questions', headers: member.auth, payload: { title: 'Fuzz question about payer rates', body: 'Fuzz body', tags: [] } });
    if (q.statusCode === 201) {
      ids.push(q.json().id);
      const a = await app.inject({ method: 'POST', url: `/api/v1/questions/${q.json().id}/answers`, headers: other.auth, payload: { body: 'Fuzz answer' } });
      if (a.statusCode === 201) ids.push(a.json().id);
    }
    const dm = await app.inject({ method: 'POST', url: '/api/v1/dms', headers: member.auth, payload: { memberId: other.id } });
    if (dm.statusCode < 300) ids.push(dm.json().roomId);
  }
  await freshActors();
  let snapshot: string | null = null;

  for (let i = 0; i < opts.inputs; i++) {
    if (opts.maxMs && Date.now() - started > opts.maxMs) break;
    if (i > 0 && i % 250 === 0) {
      await freshActors(); // an admin route may have suspended an actor
      snapshot = null;
    }
    const op = r.pick(ops);
    const who = r.pick(['anonymous', 'member', 'member', 'admin', 'admin', 'bad-token'] as const);
    const headers: Record<string, string> =
      who === 'member' ? { ...member.auth } : who === 'admin' ? { ...admin.auth } : who === 'bad-token' ? { authorization: r.pick(['Bearer x', 'Bearer ' + 'A'.repeat(43), 'Basic Zm9vOmJhcg==', 'Bearer \u0000']) } : {};
    const hostile = r.chance(0.6);

    let url = op.path;
    for (const p of op.pathParams) {
      const value = hostile && r.chance(0.5) ? hostilePathText(r) : encodeURIComponent(String(validValue(p.schema, refs, r, ids)));
      url = url.replace(`{${p.name}}`, value);
    }
    const query: string[] = [];
    for (const q of op.query) {
      if (!q.required && r.chance(0.5)) continue;
      const value = hostile && r.chance(0.4) ? hostilePathText(r) : encodeURIComponent(String(validValue(q.schema, refs, r, ids)));
      query.push(`${encodeURIComponent(q.name)}=${value}`);
    }
    if (hostile && r.chance(0.15)) query.push(`${r.pick(['extra', 'token', '__proto__', 'q', 'limit'])}=${hostilePathText(r)}`);
    if (query.length) url += `?${query.join('&')}`;

    let payload: string | undefined;
    let contentType: string | undefined;
    if (op.body) {
      let body: Json = validValue(op.body, refs, r, ids);
      if (hostile) body = mutate(body, r);
      payload = JSON.stringify(body);
      contentType = 'application/json';
      if (hostile && r.chance(0.1)) payload = r.pick(['{', '{"a":', 'null', '[]', '"str"', '{"a":1}{', '\u0000', JSON.stringify(body).replace(/"$/, '')]);
      if (hostile && r.chance(0.05)) contentType = r.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data; boundary=x']);
    } else if (op.method !== 'GET' && hostile && r.chance(0.3)) {
      payload = JSON.stringify(mutate({}, r));
      contentType = 'application/json';
    }
    if (contentType) headers['content-type'] = contentType;

    // Refusals before any handler runs (no credentials on a secured route) cannot write; the row check is spent elsewhere.
    const write = op.method !== 'GET' && !((who === 'anonymous' || who === 'bad-token') && op.secured);
    const actors = [member.id, other.id, admin.id];
    // The snapshot after the last refused write still holds unless something succeeded since.
    const before: string = write ? (snapshot ?? (await owned(actors))) : '';
    const res = await app.inject({ method: op.method as 'GET', url, headers, ...(payload !== undefined ? { payload } : {}) });
    stats.inputs++;
    const bucket = `${Math.floor(res.statusCode / 100)}xx`;
    stats.byStatus[bucket] = (stats.byStatus[bucket] ?? 0) + 1;
    stats.byStatus[res.statusCode] = (stats.byStatus[res.statusCode] ?? 0) + 1;
    const fail = (problem: string) => {
      stats.failures.push({ route: `${op.method} ${op.path}`, request: { method: op.method, url, as: who, contentType, payload: payload?.slice(0, 500) }, problem, status: res.statusCode, body: res.body.slice(0, 500) });
      opts.log?.(`FAIL ${op.method} ${url.slice(0, 200)} as ${who}: ${problem} (${res.statusCode} ${res.body.slice(0, 200)})`);
    };
    if (res.statusCode >= 500) fail('5xx');
    snapshot = null;
    if (res.statusCode >= 400) {
      // Browser pages (the unsubscribe and verification links) answer in HTML by design; every API error is JSON.
      const html = String(res.headers['content-type'] ?? '').startsWith('text/html');
      const problem = html ? null : checkError(res.statusCode, res.body);
      if (problem) fail(problem);
      if (write && [401, 413, 414, 415].includes(res.statusCode)) {
        snapshot = before; // refused by the framework or the auth hook, before any handler
      } else if (write) {
        const after = await owned(actors);
        if (after !== before) fail(`a refused write changed rows: ${before} → ${after}`);
        snapshot = after;
      }
    }
  }
  stats.ms = Date.now() - started;
  stats.checkMs = Math.round(stats.checkMs);
  return stats;
}
