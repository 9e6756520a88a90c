// Chat test helpers: a listening app, raw sockets that collect frames, and waits bounded in time.
import { verificationTokenFromDatabase, verificationTokenFromOutbox } from '../../support/mail.js';
import WebSocket from 'ws';
import type { App } from '../../../src/app.js';

export async function listen(app: App): Promise<{ ws: string; http: string }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { ws: `ws://127.0.0.1:${port}/api/v1/ws`, http: `http://127.0.0.1:${port}/api/v1` };
}

export type Frame = Record<string, any> & { type: string };

export interface TestSocket {
  ws: WebSocket;
  frames: Frame[];
  send(frame: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The next frame (from the one after the last consumed) matching, within timeoutMs. */
  next(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  /** Resolves with the close code. */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): void;
}

export function openSocket(url: string, token: string): Promise<TestSocket> {
  const ws = new WebSocket(`${url}?token=${token}`);
  const frames: Frame[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | null = null;
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    for (const w of [...waiters]) w();
  });
  ws.on('close', (code, reason) => {
    closeInfo = { code, reason: String(reason) };
    for (const w of [...waiters]) w();
  });
  const socket: TestSocket = {
    ws,
    frames,
    send: (frame) => ws.send(JSON.stringify(frame)),
    sendRaw: (data) => ws.send(data),
    next(match, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = cursor; i < frames.length; i++) {
            if (match(frames[i]!)) {
              cursor = i + 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(frames[i]!);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(cursor)).slice(0, 800)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    closed(timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (closeInfo) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(closeInfo);
          }
        };
        const timer = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(socket));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { statusCode: res.statusCode })));
    ws.once('error', reject);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until fn() is truthy (bounded). */
export async function until<T>(fn: () => T | Promise<T>, timeoutMs = 30_000, everyMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(everyMs);
  }
}

/** A port that was free a moment ago (so a restarted server can take the same one). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  port: number;
  pid: number;
  ws: string;
  http: string;
  /** SIGKILL, resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `src/server.ts` as its own process and waits for /health (bounded). */
export async function startServer(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process');
  const chosen = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: new URL('../../../', import.meta.url).pathname,
    env: { ...pickEnv(), NODE_ENV: 'test', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(chosen), LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = `http://127.0.0.1:${chosen}`;
  // Bounded work, slow under load: on a fresh PGlite data directory the first start runs initdb and the migrations
  // (measured: 90 s of wall time for 8 s of CPU with the load average at 18 on 2 cores).
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${base}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await sleep(100);
  }
  return {
    port: chosen,
    pid: child.pid!,
    ws: `ws://127.0.0.1:${chosen}/api/v1/ws`,
    http: `${base}/api/v1`,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The parent's environment without settings that would point a child at another database or bus. */
function pickEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(DATABASE_URL|TEST_DATABASE_URL|REDIS_URL|DATA_DIR|PORT|CHAT_.*)$/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/**
 * Registers (auto-approved), confirms the address with the token of the verification mail, and logs in over HTTP.
 * `mail` says where that mail is: the .eml files of a server (PGlite: only that process sends) or the shared PostgreSQL outbox.
 */
export async function registerOverHttp(http: string, name: string, mail: { dataDir: string } | { databaseUrl: string }): Promise<{ id: string; token: string }> {
  const email = `${name.toLowerCase()}.${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = 'correct horse battery staple';
  const profile = {
    practiceName: `${name} Physical Therapy`,
    practiceType: 'outpatient_orthopedic',
    services: ['outpatient_orthopedic'],
    clinicians: 3,
    locations: 1,
    yearsInBusiness: 4,
    region: { country: 'US', state: 'Ohio', city: 'Columbus', postalCode: '43215' },
    timezone: 'America/New_York',
    goals: ['marketing'],
    strengths: [],
    wants: ['pair'],
    isTopExecutive: true,
    yearsInRole: 3,
  };
  const reg = await fetch(`${http}/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, displayName: name, profile }),
  });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${await reg.text()}`);
  const token = 'dataDir' in mail ? await verificationTokenFromOutbox(mail.dataDir, email) : await verificationTokenFromDatabase(mail.databaseUrl, email);
  const verified = await fetch(`${http}/auth/verify-email`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  if (verified.status !== 200) throw new Error(`verify: ${verified.status} ${await verified.text()}`);
  const login = await fetch(`${http}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { token: string; member: { id: string } };
  return { id: body.member.id, token: body.token };
}

/** The promise's value, or a rejection after ms (the timer is cleared either way). */
export function within<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
