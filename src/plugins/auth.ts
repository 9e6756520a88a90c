// Authentication: resolves the bearer token (or ?token= on a websocket upgrade, or the browser's session cookie) and offers member/admin guards.
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/client.js';
import { Errors } from '../errors.js';
import { findSession, type SessionIdentity } from '../modules/auth/index.js';
import { checkCsrf, sessionCookieOf } from './csrf.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on routes declared with `websocket: true`. */
    websocketRoute?: boolean;
  }
  interface FastifyRequest {
    identity: SessionIdentity | null;
  }
  interface FastifyInstance {
    requireMember: onRequestAsyncHookHandler;
    requireAdmin: onRequestAsyncHookHandler;
  }
}

/** The token and where it came from: a cookie is sent by the browser on its own, so only it needs the CSRF checks. */
export function credentialOf(request: FastifyRequest): { token: string; source: 'bearer' | 'query' | 'cookie' } | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})\s*$/i.exec(header);
    return { token: match?.[1] ?? '', source: 'bearer' };
  }
  // ?token= only on a websocket route during a real upgrade (browsers cannot set headers there); never on ordinary HTTP.
  if ((request as { ws?: unknown }).ws === true && request.routeOptions.config.websocketRoute === true) {
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(token)) return { token, source: 'query' };
  }
  const cookie = sessionCookieOf(request);
  if (cookie !== undefined) return { token: /^[A-Za-z0-9_-]{16,128}$/.test(cookie) ? cookie : '', source: 'cookie' };
  return undefined;
}

/** The caller's identity; throws 401 when there is no valid session. */
export function identityOf(request: FastifyRequest): SessionIdentity {
  if (!request.identity) throw Errors.unauthenticated();
  return request.identity;
}

export default fp(
  async function authPlugin(app: FastifyInstance, opts: { database: Database }) {
    app.decorateRequest('identity', null);
    // Marks websocket routes, the only ones where a token may travel in the query string.
    app.addHook('onRoute', (route) => {
      if ((route as { websocket?: boolean }).websocket) route.config = { ...route.config, websocketRoute: true };
    });

    const requireMember: onRequestAsyncHookHandler = async (request) => {
      const credential = credentialOf(request);
      if (credential === undefined) throw Errors.unauthenticated();
      if (credential.source === 'cookie') checkCsrf(request);
      const token = credential.token;
      const identity = token ? await findSession(opts.database.db, token) : null;
      if (!identity) throw Errors.unauthenticated('The token is missing, expired or revoked');
      if (identity.status === 'suspended') throw Errors.suspended();
      if (identity.status === 'rejected') throw Errors.rejected();
      if (identity.status !== 'active') throw Errors.pendingApproval();
      request.identity = identity;
    };

    const requireAdmin: onRequestAsyncHookHandler = async function (request, reply) {
      await requireMember.call(this, request, reply);
      if (request.identity?.role !== 'admin') throw Errors.forbidden('This route is for admins');
    };

    app.decorate('requireMember', requireMember);
    app.decorate('requireAdmin', requireAdmin);
  },
  { name: 'auth' },
);
