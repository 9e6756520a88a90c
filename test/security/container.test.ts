// The production image, read as a build would: multi-stage, production dependencies only, non-root, a healthcheck,
// and every package the server imports is a production dependency (so --omit=dev really runs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const root = new URL('../..', import.meta.url).pathname;
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** Instructions per stage, continuation lines joined, comments dropped. */
function stages(text: string): Array<{ from: string; lines: string[] }> {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: Array<{ from: string; lines: string[] }> = [];
  for (const line of lines) {
    if (/^FROM\s/i.test(line)) out.push({ from: line, lines: [] });
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

t.test('the Dockerfile is multi-stage; the runtime stage has production dependencies only, runs as non-root, has a healthcheck', async (t) => {
  const all = stages(dockerfile);
  t.ok(all.length >= 2, 'multi-stage');
  const runtime = all[all.length - 1]!;
  const nodeModules = runtime.lines.find((l) => /^COPY\s+--from=(\S+)\s+\S*node_modules/.test(l));
  t.ok(nodeModules, 'node_modules come from another stage');
  const fromStage = /--from=(\S+)/.exec(nodeModules ?? '')?.[1];
  const depsStage = all.find((s) => new RegExp(`\\sAS\\s+${fromStage}$`, 'i').test(s.from));
  t.ok(depsStage?.lines.some((l) => /npm ci\b.*--omit=dev/.test(l)), 'that stage installs with --omit=dev');
  t.notOk(runtime.lines.some((l) => /npm (ci|install)/.test(l)), 'the runtime installs nothing itself');
  const user = runtime.lines.filter((l) => /^USER\s/i.test(l)).pop();
  t.ok(user && !/^USER\s+(root|0)(:|$)/i.test(user), `runs as ${user}`);
  t.ok(runtime.lines.some((l) => /^HEALTHCHECK\s.*\/ready/i.test(l)), 'healthcheck on /ready');
  t.ok(runtime.lines.some((l) => /^ENV\s.*NODE_ENV=production/.test(l)), 'NODE_ENV=production');
  t.match(runtime.lines.find((l) => /^CMD/.test(l)) ?? '', /"node"/, 'node is PID 1 (signals reach the server)');
  const ignore = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
  for (const p of ['node_modules', '.git', 'data']) t.ok(ignore.includes(p), `.dockerignore has ${p}`);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'client' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

t.test('every package the server imports at run time is a production dependency', async (t) => {
  const imported = new Set<string>();
  for (const file of sourceFiles(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*import\s+(?!type\s)[^'"]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)/gm)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('node:')) continue;
      imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  t.ok(imported.size > 5, `${imported.size} packages imported`);
  for (const name of imported) t.ok(pkg.dependencies[name], `${name} is in dependencies`);
  t.ok(pkg.dependencies.tsx, 'tsx (which runs the sources) is a production dependency');
});
