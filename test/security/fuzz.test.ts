// Schema-driven fuzzing of every route (a few thousand inputs in CI; `npm run fuzz` for a long run): no 5xx, every error
// in the contract's shape, nothing half-written by a refused write.
import t from 'tap';
import { build } from './../helper.js';
import { operations, runFuzz } from './fuzz/run.js';

const INPUTS = Number(process.env.FUZZ_INPUTS ?? 3000);
// CI stops at 50 s whatever the count (a loaded machine runs fewer); `npm run fuzz` sets FUZZ_MAX_MS=0 (no limit).
const MAX_MS = Number(process.env.FUZZ_MAX_MS ?? 50_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

t.test(`fuzz: ${INPUTS} inputs over every route (seed ${SEED})`, async (t) => {
  const app = await build(t, { BODY_LIMIT_BYTES: 65536 });
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const ops = operations(doc);
  t.ok(ops.length >= 40, `${ops.length} operations in the OpenAPI document`);
  const stats = await runFuzz({ app, database: app.database, inputs: INPUTS, seed: SEED, maxMs: MAX_MS || undefined, log: (line) => t.comment(line) });
  t.comment(`fuzz: ${stats.inputs} inputs over ${stats.routes} operations in ${stats.ms} ms, ${stats.checkMs} ms of it in row-count checks (seed ${SEED}); by status ${JSON.stringify(stats.byStatus)}`);
  t.ok(stats.inputs >= Math.min(INPUTS, 500), `ran ${stats.inputs} inputs`);
  t.same(stats.failures.slice(0, 20), [], `no failures (replay with FUZZ_SEED=${SEED})`);
  t.ok((stats.byStatus['2xx'] ?? 0) > 0, 'some inputs were valid enough to succeed');
});
