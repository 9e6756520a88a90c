// The browser session: an HttpOnly cookie holding the session token, and the CSRF rules for requests that carry it.
// Defence (docs/web.md): writes must send the custom header `X-Requested-With` (a cross-site form or a simple fetch
// cannot; a cross-origin fetch that adds it needs a CORS preflight this server never grants), and an `Origin` or
// `Sec-Fetch-Site` that names another site is refused. A websocket upgrade has no preflight, so its Origin must match.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

export const SESSION_COOKIE = 'pp_session';
/** The cookie goes only to the API (HTTP and the websocket), never to page or asset requests. */
const COOKIE_PATH = '/api';
export const CSRF_HEADER = 'x-requested-with';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const csrfRejected = (message: string) => new AppError(403, 'CSRF_REJECTED', message);

/** Throws 403 CSRF_REJECTED when a cookie-authenticated request may have been forged by another site. */
export function checkCsrf(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') throw csrfRejected('Cross-site requests may not use the session cookie');
  const origin = request.headers.origin;
  const upgrade = request.headers.upgrade?.toLowerCase() === 'websocket';
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) throw csrfRejected('The request comes from another origin');
  if (upgrade) {
    if (origin === undefined) throw csrfRejected('A websocket opened with the session cookie must send its Origin');
    return;
  }
  if (!SAFE_METHODS.has(request.method) && !request.headers[CSRF_HEADER]) {
    throw csrfRejected(`Writes with the session cookie need the ${CSRF_HEADER} header`);
  }
}

function cookieAttributes(request: FastifyRequest, maxAgeSeconds: number): string {
  // Secure whenever the browser reached us over HTTPS (directly or, with TRUST_PROXY, through a proxy).
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure}`;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes(request, maxAgeSeconds)}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; ${cookieAttributes(request, 0)}`);
}
