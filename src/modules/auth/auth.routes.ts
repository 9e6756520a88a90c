// Routes: register, login (a bearer token, or the browser's session cookie), logout.
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { errors } from '../../lib/schemas.js';
import { credentialOf, identityOf } from '../../plugins/auth.js';
import { checkCsrf, clearSessionCookie, CSRF_HEADER, setSessionCookie } from '../../plugins/csrf.js';
import { loginBody, memberSchema, registerBody } from '../members/member.schemas.js';
import { toMember } from '../members/members.mapper.js';
import type { AuthService } from './auth.service.js';

export const authRoutes: FastifyPluginAsyncZod<{ auth: AuthService; config: Config }> = async (app, { auth, config }) => {
  await app.register(rateLimit, { global: false });

  app.post(
    '/auth/register',
    {
      config: { rateLimit: { max: config.RATE_LIMIT_REGISTER_PER_HOUR, timeWindow: '1 hour' } },
      schema: {
        tags: ['auth'],
        summary: 'Register an owner: a verification mail goes to the address; once confirmed, pending until an admin approves (or active where AUTO_APPROVE=true)',
        description:
          'The answer is the same for a new and a taken address (the owner of a taken address gets a mail saying someone tried to register), so this endpoint does not reveal which emails have accounts. The member id returned becomes the account id once the address is confirmed through POST /auth/verify-email.',
        body: registerBody,
        response: { 201: z.object({ member: memberSchema }), ...errors(400, 409, 413, 429) },
      },
    },
    async (request, reply) => {
      return reply.code(201).send({ member: await auth.register(request.body) });
    },
  );

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: config.RATE_LIMIT_LOGIN_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Log in; returns an opaque bearer token',
        body: loginBody,
        response: { 200: z.object({ token: z.string(), member: memberSchema }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request) => {
      const { token, member } = await auth.login(request.body.email, request.body.password, { userAgent: request.headers['user-agent'] });
      return { token, member: toMember(member) };
    },
  );

  app.post(
    '/auth/session',
    {
      config: { rateLimit: { max: config.RATE_LIMIT_LOGIN_PER_MINUTE, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: `Browser login: sets the HttpOnly session cookie (no token in the body); needs the ${CSRF_HEADER} header`,
        body: loginBody,
        response: { 200: z.object({ member: memberSchema }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      checkCsrf(request); // login CSRF: another site must not log the browser into its own account
      const { token, member } = await auth.login(request.body.email, request.body.password, { userAgent: request.headers['user-agent'] });
      setSessionCookie(request, reply, token, config.SESSION_TTL_HOURS * 3600);
      return { member: toMember(member) };
    },
  );

  app.post(
    '/auth/logout',
    {
      onRequest: app.requireMember,
      config: { writeLimit: false },
      schema: {
        tags: ['auth'],
        summary: 'Revoke the current token',
        security: [{ bearer: [] }],
        response: { 204: z.null().describe('Token revoked'), ...errors(401) },
      },
    },
    async (request, reply) => {
      await auth.logout(identityOf(request).sessionId);
      if (credentialOf(request)?.source === 'cookie') clearSessionCookie(request, reply);
      return reply.code(204).send(null);
    },
  );
};
