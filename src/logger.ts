// pino options: request ids, and secrets (authorization headers, tokens, passwords) redacted from every log line.
import type { LoggerOptions } from 'pino';
import type { Config } from './config.js';

const stripToken = (url: string) => url.replace(/([?&]token=)[^&]*/gi, '$1[Redacted]');

export function loggerOptions(config: Pick<Config, 'LOG_LEVEL'>): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        'password',
        'token',
        '*.password',
        '*.token',
        '*.passwordHash',
        'body.password',
      ],
      censor: '[Redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; id: string; ip?: string }) {
        return { method: request.method, url: stripToken(request.url), id: request.id, remoteAddress: request.ip };
      },
    },
  };
}
