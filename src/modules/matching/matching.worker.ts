// Worker thread entry: runs one engine job (from workerData) off the API's event loop and posts the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { runEngineJob, type EngineJob } from './engine-jobs.js';

try {
  parentPort!.postMessage({ ok: true, value: runEngineJob(workerData as EngineJob) });
} catch (err) {
  parentPort!.postMessage({ ok: false, name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) });
}
