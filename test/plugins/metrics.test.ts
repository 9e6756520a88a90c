// Prometheus metrics behind a token, scraped and parsed; load shedding answers 503 + Retry-After while the event loop lags.
import t from 'tap';
import { build, makeCircle, makeMember } from '../helper.js';
import { listen, openSocket, until } from '../modules/chat/support.js';

const TOKEN = 'metrics-token-0123456789abcdef';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format: `# HELP`/`# TYPE` lines and `name{a="b",…} value` samples. */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

t.test('GET /metrics: 401 without the token, then sockets, deliveries, route latencies, pool and matching in Prometheus format', async (t) => {
  const app = await build(t, { METRICS_TOKEN: TOKEN, CHAT_SEND_RATE: 1000, CHAT_SEND_BURST: 1000 });
  const url = await listen(app);
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 401);
  t.equal((await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).statusCode, 401);

  const a = await makeMember(app.database);
  const { id: roomId } = await makeCircle(app.database, [a.id]);
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth })).statusCode, 200);
  const s = await openSocket(url.ws, a.token);
  s.send({ type: 'subscribe', roomId });
  await s.next((f) => f.type === 'subscribed');
  s.send({ type: 'send', roomId, clientMsgId: 'm1', body: 'counted' });
  await s.next((f) => f.type === 'message');

  const res = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/plain/);
  const { samples, types } = parse(res.body);
  const one = (name: string, labels: Record<string, string> = {}) =>
    samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  t.equal(types.get('http_request_duration_seconds'), 'histogram');
  t.ok((one('http_request_duration_seconds_count', { route: '/api/v1/me/rooms', method: 'GET', status_code: '200' })?.value ?? 0) >= 1, 'latency per route template');
  t.equal(one('chat_open_sockets')?.value, 1);
  t.ok((one('chat_deliveries_total')?.value ?? 0) >= 1, 'deliveries counted');
  t.equal(types.get('chat_bus_lag_seconds'), 'histogram');
  t.equal(types.get('matching_engine_job_duration_seconds'), 'histogram');
  t.equal(types.get('pg_pool_connections'), 'gauge');
  if (app.database.kind === 'postgres') t.ok((one('pg_pool_connections', { state: 'total' })?.value ?? 0) >= 1, 'pool in use');
  t.ok(one('process_cpu_user_seconds_total'), 'process metrics too');
  s.close();
});

t.test('without METRICS_TOKEN there is no /metrics at all', async (t) => {
  const app = await build(t);
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
});

t.test('load shedding: while the event loop lags, requests get 503 OVERLOADED with Retry-After; /health and upgrades are spared', async (t) => {
  const app = await build(t, { LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: 20, LOAD_SHED_SAMPLE_MS: 50, LOAD_SHED_RETRY_AFTER_SECONDS: 7 });
  const url = await listen(app);
  const a = await makeMember(app.database);
  const seen = (await until(
    async () => {
      const end = Date.now() + 300;
      while (Date.now() < end) {
        // keep the event loop busy, as an overloaded process would
      }
      const [rooms, health, upgrade] = await Promise.all([
        app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth }),
        app.inject({ method: 'GET', url: '/health' }),
        openSocket(url.ws, a.token).then(
          (s) => (s.close(), 'opened'),
          (err: { statusCode?: number }) => err.statusCode,
        ),
      ]);
      return rooms.statusCode === 503 ? { rooms, health, upgrade } : null;
    },
    20_000,
    10,
  ))!;
  t.equal(seen.rooms.headers['retry-after'], '7');
  t.same(seen.rooms.json(), { statusCode: 503, code: 'OVERLOADED', message: 'The server is overloaded; retry after the time in Retry-After' });
  t.equal(seen.health.statusCode, 200, 'health is never shed');
  t.equal(seen.upgrade, 'opened', 'websocket upgrades are not shed (they would hang; the socket cap bounds them)');
  const recovered = await until(async () => (await app.inject({ method: 'GET', url: '/api/v1/me/rooms', headers: a.auth })).statusCode === 200, 20_000, 60);
  t.ok(recovered, 'served again once the loop is idle');
});
