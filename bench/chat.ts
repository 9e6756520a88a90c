// Chat benchmark on PostgreSQL (npm run bench:chat): latency at 2,000 deliveries/s, saturation against a raw ws broadcast
// server, RSS per idle authenticated socket at 10,000 sockets, and the same load split over two processes.
// Servers run as child processes on loopback; every phase is bounded in time. DATABASE_URL or the default bench database.
// Knobs: BENCH_PHASES (ours,raw,memory,split), BENCH_SOCKETS, BENCH_MEMORY_SOCKETS, BENCH_DELIVERIES, BENCH_RUN_MS,
// BENCH_SATURATION_MS, BENCH_SPLIT_BUS (postgres|redis), BENCH_NODE_FLAGS (e.g. --cpu-prof for the servers), BENCH_DEBUG.
import WebSocket from 'ws';
import { ChatClient, type SocketLike } from '../src/client/index.js';
import { commitLatency, cpuSeconds, databaseBackends, DB_URL, ensureDatabase, percentile, ROOM_SIZE, seed, sleep, startChild, type Child, type Seat } from './lib/chat-support.js';

const LOAD_SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const MEMORY_SOCKETS = Number(process.env.BENCH_MEMORY_SOCKETS ?? 10_000);
const TARGET_DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 2000);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 10_000);
const SATURATION_MS = Number(process.env.BENCH_SATURATION_MS ?? 8000);
/** Which phases to run (all by default): ours, raw, memory, split. */
const PHASES = new Set((process.env.BENCH_PHASES ?? 'ours,raw,memory,split').split(','));
const log = (line: string) => process.stdout.write(`${line}\n`);

const SERVER_ENV = {
  DATABASE_URL: DB_URL,
  PG_POOL_MAX: '20',
  CHAT_SEND_RATE: '1000000',
  CHAT_SEND_BURST: '1000000',
  CHAT_FRAME_RATE: '1000000',
  RATE_LIMIT_LOGIN_PER_MINUTE: '1000000',
};

const startServer = (extra: Record<string, string> = {}) =>
  startChild('src/server.ts', { ...SERVER_ENV, ...extra }, async (port) => (await fetch(`http://127.0.0.1:${port}/health`)).ok);

const startRaw = () =>
  startChild('bench/chat-raw-server.ts', {}, (port) => new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/?room=probe`);
    ws.once('open', () => {
      ws.close();
      resolve(true);
    });
    ws.once('error', () => resolve(false));
  }));

// ---------------------------------------------------------------- clients

interface Peer {
  seat: Seat;
  client: ChatClient;
  gaps: number;
}

interface Stats {
  late: number;
  latencies: number[];
  delivered: number;
  measuring: boolean;
}

async function connectAll(seats: Seat[], urlOf: (seat: Seat, i: number) => string, stats: Stats, subscribe = true): Promise<Peer[]> {
  const peers: Peer[] = [];
  const BATCH = 200;
  for (let i = 0; i < seats.length; i += BATCH) {
    const batch = seats.slice(i, i + BATCH).map((seat, k) => {
      const client = new ChatClient({
        url: urlOf(seat, i + k),
        token: seat.token,
        pingIntervalMs: 0,
        maxInFlight: 4,
        socket: (u) => new WebSocket(u, { perMessageDeflate: false }) as unknown as SocketLike,
      });
      const peer: Peer = { seat, client, gaps: 0 };
      let last = -1;
      let subscribedAt = -1;
      client.on('frame', (f) => {
        if (f.type === 'subscribed' || f.type === 'resync_required') subscribedAt = f.lastSeq;
        if (f.type === 'resync_required' && process.env.BENCH_DEBUG) log(`resync: ${JSON.stringify(f)}`);
        if (f.type !== 'message') return;
        if (last >= 0 && f.seq !== last + 1) peer.gaps++;
        last = f.seq;
        if (f.clientMsgId.startsWith(seat.memberId)) return; // own message: not a delivery to another member
        if (!stats.measuring) return;
        stats.delivered++;
        const sentAt = Number(f.body!.slice(0, f.body!.indexOf(' ')));
        stats.latencies.push(performance.now() - sentAt);
        if (performance.now() - sentAt > 5000) stats.late++;
        if (process.env.BENCH_DEBUG && performance.now() - sentAt > 5000 && debugLeft-- > 0) {
          log(`late: ${JSON.stringify({ room: f.roomId, seq: f.seq, latency: performance.now() - sentAt, subscribedAt, clientMsgId: f.clientMsgId })}`);
        }
      });
      if (subscribe) client.subscribe(seat.roomId); // live from now: the rooms may hold earlier phases' messages
      const up = new Promise<void>((resolve) => {
        const off = client.on(subscribe ? 'subscribed' : 'open', () => {
          off();
          resolve();
        });
      });
      client.connect();
      peers.push(peer);
      return up;
    });
    await Promise.race([Promise.all(batch), sleep(30_000)]);
  }
  return peers;
}

let sequence = 0;
let debugLeft = 5;
function sendFrom(peer: Peer): Promise<unknown> {
  return peer.client.send(peer.seat.roomId, `${performance.now().toFixed(3)} bench`, `${peer.seat.memberId}-${++sequence}`).catch(() => {});
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Open loop at the target delivery rate; returns latency percentiles and loss. */
async function steadyLoad(peers: Peer[], stats: Stats) {
  const perMessage = ROOM_SIZE - 1;
  const messagesPerSecond = TARGET_DELIVERIES / perMessage;
  let sent = 0;
  let next = 0;
  const acks: Promise<unknown>[] = [];
  stats.latencies = [];
  stats.delivered = 0;
  stats.late = 0;
  stats.measuring = true;
  const started = performance.now();
  while (performance.now() - started < RUN_MS) {
    const due = Math.floor(((performance.now() - started) / 1000) * messagesPerSecond);
    while (sent < due) {
      acks.push(sendFrom(peers[next]!));
      next = (next + ROOM_SIZE + 1) % peers.length; // walk across rooms and seats
      sent++;
    }
    await sleep(2);
  }
  await Promise.race([Promise.all(acks), sleep(10_000)]);
  await sleep(1500);
  stats.measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  return {
    sent,
    expected: sent * perMessage,
    delivered: stats.delivered,
    rate: stats.delivered / (RUN_MS / 1000),
    elapsed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    gaps: peers.reduce((s, p) => s + p.gaps, 0),
    late: stats.late,
  };
}

interface Saturation {
  rate: number;
  /** CPU milliseconds per 1,000 deliveries: the server process, and (ours) the PostgreSQL backends of the bench database. */
  serverCpu: number;
  dbCpu: number;
}

/** Closed loop: every socket keeps one send in flight; deliveries per second at the receivers, and what they cost in CPU. */
async function saturation(peers: Peer[], stats: Stats, server: Child, withDb: boolean): Promise<Saturation> {
  let running = true;
  const loops = peers.map(async (peer) => {
    while (running) await sendFrom(peer);
  });
  await sleep(1500); // warm-up
  stats.delivered = 0;
  stats.latencies = [];
  // Backends alive at both ends of the window count (the pool may end an idle one, or open one, meanwhile).
  const backends = withDb ? await databaseBackends() : [];
  const db0 = new Map(backends.map((pid) => [pid, cpuSeconds(pid)]));
  const dbCpu = () => backends.reduce((sum, pid) => sum + Math.max(0, cpuSeconds(pid) - db0.get(pid)!), 0);
  const server0 = cpuSeconds(server.proc.pid);
  stats.measuring = true;
  const started = performance.now();
  await sleep(SATURATION_MS);
  const delivered = stats.delivered;
  const rate = delivered / ((performance.now() - started) / 1000);
  stats.measuring = false;
  const perK = (seconds: number) => (seconds * 1e6) / Math.max(1, delivered);
  const cost = { serverCpu: perK(cpuSeconds(server.proc.pid) - server0), dbCpu: perK(dbCpu()) };
  running = false;
  await Promise.race([Promise.all(loops), sleep(10_000)]);
  return { rate, ...cost };
}

async function closeAll(peers: Peer[]): Promise<void> {
  for (const p of peers) p.client.close();
  await sleep(1000);
}

// ---------------------------------------------------------------- main

async function main() {
  const { loadavg, cpus } = await import('node:os');
  log(`chat bench: PostgreSQL ${new URL(DB_URL).pathname.slice(1)}; ${LOAD_SOCKETS} sockets in rooms of ${ROOM_SIZE}; target ${TARGET_DELIVERIES} deliveries/s`);
  log(`machine: ${cpus().length} cores, load average before the run ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await ensureDatabase();
  const seats = await seed(Math.max(LOAD_SOCKETS, MEMORY_SOCKETS));
  const load = seats.slice(0, LOAD_SOCKETS);
  const stats: Stats = { late: 0, latencies: [], delivered: 0, measuring: false };
  const results: string[] = [];

  // The probe writes into the last seat's room, which no phase below subscribes to... except memory (idle, no replay).
  const commit = await commitLatency(seats[seats.length - 1]!);
  log(`PostgreSQL commit alone: p50 ${fmt(commit.p50)} ms, p99 ${fmt(commit.p99)} ms`);
  const none = { sent: 0, expected: 0, delivered: 0, rate: NaN, elapsed: 0, p50: NaN, p99: NaN, max: NaN, gaps: 0, late: 0 };
  let peers: Peer[];
  // 1. Latency at the target rate, ours vs the raw server.
  let ours = none;
  let oursSat: Saturation = { rate: NaN, serverCpu: NaN, dbCpu: NaN };
  if (PHASES.has('ours')) {
    const server = await startServer();
    peers = await connectAll(load, () => `ws://127.0.0.1:${server.port}/api/v1/ws`, stats);
    ours = await steadyLoad(peers, stats);
    log(`latency (ours): ${JSON.stringify(ours)}`);
    oursSat = await saturation(peers, stats, server, true);
    log(`saturation (ours): ${JSON.stringify(oursSat)}`);
    await closeAll(peers);
    await server.stop();
  }

  let rawSteady = none;
  let rawSat: Saturation = { rate: NaN, serverCpu: NaN, dbCpu: NaN };
  if (PHASES.has('raw')) {
    const raw = await startRaw();
    peers = await connectAll(load, (seat) => `ws://127.0.0.1:${raw.port}/?room=${seat.roomId}`, stats);
    rawSteady = await steadyLoad(peers, stats);
    log(`latency (raw): ${JSON.stringify(rawSteady)}`);
    rawSat = await saturation(peers, stats, raw, false);
    log(`saturation (raw): ${JSON.stringify(rawSat)}`);
    await closeAll(peers);
    await raw.stop();
  }

  // 2. Memory per idle authenticated (and subscribed) socket.
  let perSocket = NaN;
  let rawPerSocket = NaN;
  let connected = 0;
  if (PHASES.has('memory')) {
  const memServer = await startServer();
  const warm = await connectAll(seats.slice(0, 50), () => `ws://127.0.0.1:${memServer.port}/api/v1/ws`, stats);
  await closeAll(warm);
  await sleep(1000);
  const rssBefore = await memServer.settledRssKiB();
  peers = await connectAll(seats.slice(0, MEMORY_SOCKETS), () => `ws://127.0.0.1:${memServer.port}/api/v1/ws`, stats);
  connected = peers.filter((p) => p.client.connected).length;
  await sleep(3000);
  const rssAfter = await memServer.settledRssKiB();
  perSocket = (rssAfter - rssBefore) / connected;
  await closeAll(peers);
  await memServer.stop();

  const rawMem = await startRaw();
  const rawBefore = await rawMem.settledRssKiB();
  peers = await connectAll(seats.slice(0, MEMORY_SOCKETS), (seat) => `ws://127.0.0.1:${rawMem.port}/?room=${seat.roomId}`, stats);
  await sleep(3000);
  rawPerSocket = ((await rawMem.settledRssKiB()) - rawBefore) / peers.filter((p) => p.client.connected).length;
  await closeAll(peers);
  await rawMem.stop();
  }

  // 3. Two processes sharing the load through LISTEN/NOTIFY; members of each room on both.
  let split = none;
  if (PHASES.has('split')) {
    const bus = process.env.BENCH_SPLIT_BUS ?? 'postgres';
    const busEnv = { CHAT_BUS: bus, ...(bus === 'redis' ? { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' } : {}) };
    const [one, two] = [await startServer(busEnv), await startServer(busEnv)];
    peers = await connectAll(load, (_seat, i) => `ws://127.0.0.1:${i % 2 ? two.port : one.port}/api/v1/ws`, stats);
    split = await steadyLoad(peers, stats);
    log(`two processes: ${JSON.stringify(split)}`);
    await closeAll(peers);
    await Promise.all([one.stop(), two.stop()]);
  }

  results.push(
    '',
    '| what | ours | baseline (raw ws broadcast) | ratio | goal |',
    '|---|---|---|---|---|',
    `| p99 send→deliver at ${TARGET_DELIVERIES} deliveries/s | ${fmt(ours.p99)} ms (p50 ${fmt(ours.p50)}, max ${fmt(ours.max)}) | ${fmt(rawSteady.p99)} ms (p50 ${fmt(rawSteady.p50)}) | ${fmt(ours.p99 / rawSteady.p99, 2)}× | ≤ 20 ms incl. durable write |`,
    `| PostgreSQL commit alone (same statement, sequential, no server) | p50 ${fmt(commit.p50)} ms, p99 ${fmt(commit.p99)} ms | | | the floor under p99 |`,
    `| deliveries at that load | ${ours.delivered}/${ours.expected} (gaps ${ours.gaps}) | ${rawSteady.delivered}/${rawSteady.expected} | | no loss |`,
    `| saturation | ${fmt(oursSat.rate, 0)} deliveries/s | ${fmt(rawSat.rate, 0)} deliveries/s | ${fmt((oursSat.rate / rawSat.rate) * 100, 0)}% | ≥ 70% |`,
    `| CPU per 1,000 deliveries at saturation | server ${fmt(oursSat.serverCpu)} ms + PostgreSQL ${fmt(oursSat.dbCpu)} ms | server ${fmt(rawSat.serverCpu)} ms | ${fmt((rawSat.serverCpu / (oursSat.serverCpu + oursSat.dbCpu)) * 100, 0)}% | what load cannot skew |`,
    `| RSS per idle authenticated socket (${connected} sockets) | ${fmt(perSocket)} KiB | ${fmt(rawPerSocket)} KiB (no auth) | ${fmt(perSocket / rawPerSocket, 2)}× | ≤ 20 KiB |`,
    `| two processes, ${TARGET_DELIVERIES} deliveries/s | p99 ${fmt(split.p99)} ms (p50 ${fmt(split.p50)}), ${split.delivered}/${split.expected} delivered, gaps ${split.gaps} | | | no loss |`,
  );
  log(results.join('\n'));
  log(`load average after the run ${loadavg().map((l) => l.toFixed(2)).join(' ')} (other work on the machine skews every figure)`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
