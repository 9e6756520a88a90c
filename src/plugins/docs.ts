// OpenAPI 3 document generated from the route schemas, served at /docs/json, with the UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export default fp(
  async function docsPlugin(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: 'practice-peers',
          description:
            'Peer-to-peer mentoring network for owners of private therapy practices. Errors always have the shape { statusCode, code, message }. Live chat protocol: docs/protocol.md.',
          version: '1.0.0',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Opaque token from POST /api/v1/auth/login' } },
        },
        tags: [
          { name: 'auth' },
          { name: 'members' },
          { name: 'admin' },
          { name: 'matching' },
          { name: 'circles' },
          { name: 'qa' },
          { name: 'chat' },
          { name: 'moderation' },
          { name: 'health' },
        ],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      staticCSP: true,
      // Over plain HTTP by hostname, upgrade-insecure-requests sends the UI's scripts to https and the page stays blank.
      transformStaticCSP: (header) =>
        header
          .split(';')
          .map((d) => d.trim())
          .filter((d) => d && d !== 'upgrade-insecure-requests')
          .join('; '),
    });
  },
  { name: 'docs' },
);
