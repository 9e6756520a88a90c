// Chat test helpers: a listening app, raw sockets that collect frames, and waits bounded in time.
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
    next(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = cursor; i < frames.length; i++) {
            if (match(frames[i])) {
              cursor = i + 1;
              waiters.delete(check);
              clearTimeout(timer);
              resolve(frames[i]);
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
    closed(timeoutMs = 5000) {
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
export async function until<T>(fn: () => T | Promise<T>, timeoutMs = 5000, everyMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(everyMs);
  }
}
