// Runs engine jobs inline when small, in a worker thread when a round has more members than MATCHING_WORKER_THRESHOLD.
import { Worker } from 'node:worker_threads';
import { Errors } from '../../errors.js';
import { runEngineJob, type EngineJob, type EngineJobResult } from './engine-jobs.js';

export interface RunnerOptions {
  /** Jobs over this many members go to a worker thread. */
  threshold: number;
  /** A worker that has not answered by then is stopped (the engine's own time budget ends far sooner). */
  timeoutMs?: number;
}

export interface Computed<T> {
  value: T;
  computedIn: 'inline' | 'worker';
}

/**
 * A worker on this module's source. Running from TypeScript (tsx: `npm start`, tests), a `.ts` entry
 * cannot be given to `new Worker` on Node 20 (the loader hooks are not yet active for the entry,
 * "Unknown file extension"), so a tiny eval'd bootstrap imports it through tsx's API. Compiled, the
 * `.js` entry is loaded directly.
 */
function spawn(job: EngineJob): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./matching.worker.ts', here).href;
    const code = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`;
    return new Worker(code, { eval: true, workerData: job });
  }
  return new Worker(new URL('./matching.worker.js', here), { workerData: job });
}

type Reply = { ok: true; value: EngineJobResult } | { ok: false; name: string; message: string };

function inWorker(job: EngineJob, timeoutMs: number, running: Map<Worker, () => void>, online: () => void): Promise<EngineJobResult> {
  return new Promise((resolve, reject) => {
    const worker = spawn(job);
    worker.once('online', online);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(worker);
      fn();
      void worker.terminate();
    };
    running.set(worker, () => finish(() => reject(Errors.unavailable('The server is shutting down; try again'))));
    const timer = setTimeout(() => finish(() => reject(Errors.unavailable('Matching took too long; try fewer members'))), timeoutMs);
    worker.once('message', (reply: Reply) =>
      finish(() => {
        if (reply.ok) resolve(reply.value);
        else reject(reply.name === 'RangeError' ? Errors.badRequest('INVALID_MATCHING_OPTIONS', reply.message) : new Error(`matching worker: ${reply.message}`));
      }),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`matching worker exited with code ${code} before answering`))));
  });
}

/** Creates a runner; big jobs run one at a time (each may hold a large network in memory), small ones inline. */
export function createEngineRunner({ threshold, timeoutMs = 10 * 60_000 }: RunnerOptions) {
  let queue: Promise<unknown> = Promise.resolve();
  const running = new Map<Worker, () => void>();
  const started = new Set<() => void>();
  let closed = false;

  async function run<J extends EngineJob>(job: J): Promise<Computed<Extract<EngineJobResult, { op: J['op'] }>>> {
    type Out = Extract<EngineJobResult, { op: J['op'] }>;
    if (job.members.length <= threshold) {
      try {
        return { value: runEngineJob(job) as Out, computedIn: 'inline' };
      } catch (err) {
        if (err instanceof RangeError) throw Errors.badRequest('INVALID_MATCHING_OPTIONS', err.message);
        throw err;
      }
    }
    const turn = queue.then(() => {
      if (closed) throw Errors.unavailable('The server is shutting down; try again');
      return inWorker(job, timeoutMs, running, () => {
        for (const listener of [...started]) listener();
      });
    });
    queue = turn.catch(() => undefined);
    return { value: (await turn) as Out, computedIn: 'worker' };
  }

  /** On shutdown: stops running workers (their requests answer 503) so the process can exit. */
  function close(): void {
    closed = true;
    for (const stop of [...running.values()]) stop();
  }

  /** Calls listener each time a worker thread starts running a job (tests wait on it instead of sleeping); returns the unsubscribe. */
  function onWorkerStarted(listener: () => void): () => void {
    started.add(listener);
    return () => started.delete(listener);
  }

  return { run, close, onWorkerStarted };
}

export type EngineRunner = ReturnType<typeof createEngineRunner>;
