// The real process: npm start on an empty data folder, graceful shutdown, config errors.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

const root = new URL('..', import.meta.url).pathname;
// Three real server starts, the first on an empty data folder (initdb and migrations: seconds of CPU, far more wall
// time on a loaded machine) and npm in front of it: past the suite's 120 s per file under load.
t.setTimeout(300_000);

interface Started {
  child: ChildProcess;
  port: Promise<number>;
  output: () => string;
  /** Resolves once the output shows the pattern. */
  shows: (pattern: RegExp) => Promise<void>;
}

function start(command: string, args: string[], env: Record<string, string>): Started {
  // Its own process group, as a terminal would start it, so a signal reaches npm and the server alike.
  const child = spawn(command, args, { cwd: root, detached: true, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const w of [...waiters]) w();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const shows = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(output)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const port = new Promise<number>((resolve, reject) => {
    shows(/Server listening at http:\/\/127\.0\.0\.1:\d+/).then(() => resolve(Number(/Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1])));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
  return { child, port, output: () => output, shows };
}

/**
 * The exit code, once the process has exited AND its output pipes are closed. 'exit' alone can come before the last
 * output is read, and behind `npm start` the server (npm's child) writes to the same pipes and may outlive npm's exit:
 * 'close' waits for every writer. (Reading the output on 'exit' made the SIGTERM test fail under CPU load.)
 */
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    // A pipe nobody reads never ends, and 'close' waits for it: let unread output flow away.
    child.stdout?.resume();
    child.stderr?.resume();
    if (child.exitCode !== null && child.stdout?.closed !== false && child.stderr?.closed !== false) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
};

t.test('npm start on an empty data folder migrates the embedded database and answers /ready', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-start-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const began = Date.now();
  const server = start('npm', ['start', '--silent'], { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  t.teardown(() => signalGroup(server.child, 'SIGKILL'));
  const port = await server.port;
  const ready = await fetch(`http://127.0.0.1:${port}/ready`);
  t.equal(ready.status, 200);
  t.same(await ready.json(), { status: 'ready', database: 'pglite', outbox: { due: 0, oldestDueSeconds: 0, failed: 0 } });
  t.comment(`cold start on an empty data folder: ${Date.now() - began} ms`);
  const docs = await fetch(`http://127.0.0.1:${port}/docs/json`);
  t.equal(docs.status, 200);
  t.ok(readdirSync(dataDir).length > 0, 'the data folder was filled');
  signalGroup(server.child, 'SIGTERM');
  await exited(server.child);
  t.match(server.output(), /shutting down/, 'the server behind npm start shut down on SIGTERM');
});

t.test('SIGTERM finishes in-flight requests, then exits 0; a second signal exits at once', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pp-stop-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  // The grace period is for the in-flight request, not a bound under test: generous, so a loaded machine's slow close still exits 0.
  const server = start(process.execPath, ['--import', 'tsx', 'src/server.ts'], { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '60000' });
  t.teardown(() => signalGroup(server.child, 'SIGKILL'));
  const port = await server.port;
  // A request whose body is still arriving when the signal comes is in flight: it must still be answered.
  const payload = JSON.stringify({ email: 'nobody@example.test', password: 'not the password' });
  const answer = new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
    });
    req.on('error', reject);
    req.write(payload.slice(0, 10));
    // Once the server has the request (it logs it), signal; once it is shutting down, send the rest of the body.
    server
      .shows(/incoming request/)
      .then(() => {
        server.child.kill('SIGTERM');
        return server.shows(/shutting down/);
      })
      .then(() => req.end(payload.slice(10)), reject);
  });
  t.equal(await answer, 401, 'the request in flight was answered');
  t.equal(await exited(server.child), 0);
  t.match(server.output(), /shutting down/);

  const second = start(process.execPath, ['--import', 'tsx', 'src/server.ts'], { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_MS: '60000' });
  t.teardown(() => signalGroup(second.child, 'SIGKILL'));
  const port2 = await second.port;
  // Hold a request open so the first signal waits on it; the second must not.
  const held = request({ host: '127.0.0.1', port: port2, method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': 1000 } });
  held.on('error', () => {});
  held.write('{');
  await second.shows(/incoming request/);
  second.child.kill('SIGTERM');
  await second.shows(/shutting down/);
  t.equal(second.child.exitCode, null, 'still draining after the first signal');
  const began = Date.now();
  second.child.kill('SIGTERM');
  t.equal(await exited(second.child), 1, 'the second signal exits at once');
  t.ok(Date.now() - began < 5000, 'within 5 s of the second signal');
  held.destroy();
});

t.test('a bad configuration stops the server with one line naming the variable', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env: { ...process.env, PORT: 'not-a-port' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  t.equal(await exited(child), 1);
  t.match(stderr.trim(), /^Invalid configuration: PORT: [^\n]+$/);
});
