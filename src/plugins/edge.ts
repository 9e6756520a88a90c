// The edge: text rules on every body, query and path; framework errors in the contract's shape; request ids; no-store.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.js';
import { toErrorBody, type ErrorBody } from './errors.js';

// A lone UTF-16 surrogate cannot be encoded as UTF-8 (PostgreSQL refuses it) and NUL cannot be stored in a text column.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const isUnsafeText = (s: string): boolean => s.includes('\u0000') || LONE_SURROGATE.test(s);

/** The first string (value or key) in a parsed body, query or params that breaks the text rules, with its path. */
export function findUnsafeText(value: unknown, root: string): string | null {
  // Iterative, so a deeply nested body cannot overflow the stack.
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (isUnsafeText(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push([v[i], `${path}[${i}]`]);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (isUnsafeText(k)) return path;
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return null;
}

// Client request ids are adopted only when they look like ids (no log injection, bounded length); otherwise a fresh UUID.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;
export function requestIdFor(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

function sendError(reply: FastifyReply, body: ErrorBody) {
  return reply.code(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
}

/** Server options for the edge: errors the router raises before any hook (bad URL encoding, too long a parameter) and malformed HTTP. */
export const edgeServerOptions: Pick<FastifyServerOptions, 'requestIdHeader' | 'genReqId' | 'frameworkErrors' | 'clientErrorHandler'> = {
  requestIdHeader: false,
  genReqId: requestIdFor,
  frameworkErrors: (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body: ErrorBody =
      err.code === 'FST_ERR_BAD_URL'
        ? { statusCode: 400, code: 'BAD_URL', message: 'The URL is not validly percent-encoded' }
        : err.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? { statusCode: 414, code: 'URI_TOO_LONG', message: 'A path parameter is too long' }
          : toErrorBody(err);
    request.log.info({ code: body.code, statusCode: body.statusCode }, body.message);
    void sendError(reply.header('x-request-id', request.id), body);
  },
  clientErrorHandler: (err: NodeJS.ErrnoException, socket: Socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const body: ErrorBody =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? { statusCode: 408, code: 'REQUEST_TIMEOUT', message: 'The request took too long to arrive' }
        : err.code === 'HPE_HEADER_OVERFLOW'
          ? { statusCode: 431, code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' }
          : { statusCode: 400, code: 'BAD_REQUEST', message: 'The request is not valid HTTP' };
    const json = JSON.stringify(body);
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${body.statusCode} ${body.code}\r\nContent-Length: ${Buffer.byteLength(json)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${json}`,
      );
    }
    socket.destroy();
  },
};

export default fp(
  async function edgePlugin(app: FastifyInstance) {
    // Before schema validation, so no route (and no query reaching PostgreSQL) ever sees NUL or a lone surrogate.
    app.addHook('preValidation', async (request) => {
      for (const [part, value] of [
        ['params', request.params],
        ['query', request.query],
        ['body', request.body],
      ] as const) {
        const path = findUnsafeText(value, part);
        if (path) throw Errors.validation(`${path}: must not contain NUL characters or unpaired UTF-16 surrogates`);
      }
    });

    // Anything answered to a caller who sent credentials is theirs alone: never stored by a browser or a shared cache.
    app.addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
      if (request.identity || request.headers.authorization || request.headers.cookie) {
        reply.header('cache-control', 'no-store');
      }
    });
  },
  { name: 'edge' },
);
