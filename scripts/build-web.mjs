// Builds the browser app (web/ → web/dist) with Vite. `--if-stale`: only when the build is missing or older than its sources.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const repo = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(repo, 'web');
const built = join(webDir, 'dist', 'index.html');
/** Everything the bundle is made of: the app, its config, the chat client and the schema types it imports. */
const SOURCES = [webDir, join(repo, 'src', 'client'), join(repo, 'package-lock.json')];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

export function isStale() {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > builtAt);
}

export async function buildWeb({ quiet = false } = {}) {
  let vite;
  try {
    vite = await import('vite');
  } catch {
    // A production install without dev dependencies: serve whatever build exists (the server says when there is none).
    process.stderr.write('web: vite is not installed (dev dependency); the browser app was not built\n');
    return false;
  }
  await vite.build({ configFile: join(webDir, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
  precompress(join(webDir, 'dist'));
  return true;
}

/** .br and .gz beside every text file, once at build time: the server sends them to browsers that accept them. */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) precompress(path);
    else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
      const data = readFileSync(path);
      writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  await buildWeb();
}
