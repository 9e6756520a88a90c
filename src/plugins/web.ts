// The browser app: hashed assets from web/dist with year-long caching, index.html (never cached) for every app route.
// /api/* and /docs* are never answered with the page: an unknown API path stays a JSON 404.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const NEVER_CACHED = 'no-cache';

/** Paths the app never claims: the API, the OpenAPI UI and the probes. */
const NOT_APP = /^\/(api|docs|health|ready)(\/|$)/;
/** A request for a file (it has an extension): served from the build or 404, never the page. */
const FILE_LIKE = /\/[^/]+\.[A-Za-z0-9]+$/;

export default fp(
  async function webPlugin(app: FastifyInstance, opts: { root: string }) {
    const { root } = opts;
    await app.register(fastifyStatic, {
      root,
      serve: false, // only reply.sendFile: the catch-all route below decides what is a file and what is a page
      cacheControl: false,
      preCompressed: true, // the build writes .br and .gz beside each file (scripts/build-web.mjs)
      etag: true,
      lastModified: true,
      setHeaders(res, path) {
        res.header('cache-control', path.startsWith(join(root, 'assets')) ? IMMUTABLE : NEVER_CACHED);
      },
    });

    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0] ?? '/');
      } catch {
        return reply.callNotFound();
      }
      if (NOT_APP.test(path)) return reply.callNotFound();
      if (FILE_LIKE.test(path)) {
        if (path.includes('..') || !existsSync(join(root, path))) return reply.callNotFound();
        return reply.sendFile(path.slice(1));
      }
      if (!existsSync(join(root, 'index.html'))) {
        // Served without a build (e.g. a production install without dev dependencies): say how to get the app.
        return reply
          .code(503)
          .header('cache-control', 'no-store')
          .type('text/plain; charset=utf-8')
          .send('The web app is not built: run `npm run build` (or `npm start`, which builds it when missing).\n');
      }
      // Every app route gets the same page; the app's router shows the page or its own "not found".
      return reply.header('cache-control', NEVER_CACHED).sendFile('index.html');
    });
  },
  { name: 'web' },
);
