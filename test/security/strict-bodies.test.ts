// Unknown keys are refused at every depth: every object in every documented request body and query is closed
// (additionalProperties: false), so a nested typo is a 400 like a top-level one instead of being silently dropped.
import t from 'tap';
import { build } from '../helper.js';
import { operations } from './fuzz/run.js';

type Schema = Record<string, any>;

function openObjects(schema: Schema | undefined, refs: Record<string, Schema>, path: string, out: string[], seen = new Set<string>()): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    if (seen.has(name)) return;
    seen.add(name);
    return openObjects(refs[name], refs, path, out, seen);
  }
  if (schema.properties) {
    if (schema.additionalProperties !== false) out.push(path);
    for (const [k, v] of Object.entries<Schema>(schema.properties)) openObjects(v, refs, `${path}.${k}`, out, seen);
  }
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const v of schema[key] ?? []) openObjects(v, refs, path, out, seen);
  if (schema.items) openObjects(schema.items, refs, `${path}[]`, out, seen);
}

t.test('every object in every request body is closed to unknown keys', async (t) => {
  const app = await build(t);
  const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
  const refs = doc.components?.schemas ?? {};
  const open: string[] = [];
  for (const op of operations(doc)) {
    const found: string[] = [];
    openObjects(op.body, refs, 'body', found);
    for (const p of found) open.push(`${op.method} ${op.path} ${p}`);
  }
  t.same(open, [], 'no open objects in request bodies');
});

t.test('a nested unknown key is a 400 on register too', async (t) => {
  const app = await build(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: 'nested.keys@example.test', password: 'a long enough password', displayName: 'Nested Keys', profile: { region: { country: 'US', state: 'Ohio', sneaky: true } } },
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'VALIDATION_FAILED');
});
