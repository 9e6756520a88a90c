// One error handler for every failure: the contract's shape { statusCode, code, message }, never a stack or a 5xx detail.
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isForeignKeyViolation, isUniqueViolation } from '../db/errors.js';
import { AppError } from '../errors.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'INVALID_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'INVALID_CONTENT_LENGTH'],
  FST_ERR_VALIDATION: [400, 'VALIDATION_FAILED'],
};

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

function describeValidation(err: FastifyError): string {
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'request';
    return err.validation
      .slice(0, 5)
      .map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return `${where}${path ? `.${path}` : ''}: ${v.message}`;
      })
      .join('; ');
  }
  return err.message;
}

/** Maps any thrown value to the public error body. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return { statusCode: err.statusCode, code: err.code, message: err.message };
  const fe = err as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fe) || fe?.validation) {
    return { statusCode: 400, code: 'VALIDATION_FAILED', message: describeValidation(fe) };
  }
  if (isUniqueViolation(err)) return { statusCode: 409, code: 'CONFLICT', message: 'This already exists' };
  if (isForeignKeyViolation(err)) return { statusCode: 404, code: 'NOT_FOUND', message: 'A referenced resource does not exist' };
  if (isResponseSerializationError(err)) return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' };
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) {
    const message = mapped[1] === 'INVALID_JSON' ? 'The request body is not valid JSON' : fe.message;
    return { statusCode: mapped[0], code: mapped[1], message };
  }
  const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 400 && status < 500) {
    return { statusCode: status, code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: fe.message || 'Bad request' };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'Internal server error' };
}

export default fp(
  async function errorsPlugin(app: FastifyInstance) {
    app.setErrorHandler((err, request, reply) => {
      const body = toErrorBody(err);
      if (body.statusCode >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code: body.code, statusCode: body.statusCode }, body.message);
      if (body.statusCode === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
      return reply.code(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
    });
    app.setNotFoundHandler((request, reply) => {
      const body: ErrorBody = { statusCode: 404, code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` };
      return reply.code(404).type('application/json; charset=utf-8').send(JSON.stringify(body));
    });
  },
  { name: 'errors' },
);
