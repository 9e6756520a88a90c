// Transient database failures (a dropped connection, a failover, a serialization failure) retried with a bound, for idempotent writes only.
import { pgErrorCode } from '../../db/errors.js';

// Connection exceptions (08…), admin/crash shutdown (57P01–57P03), serialization failure and deadlock (40001, 40P01).
const TRANSIENT_CODES = /^(08...|57P0[123]|40001|40P01)$/;
const TRANSIENT_MESSAGES = /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|Client has encountered a connection error|terminating connection/i;

export function isTransient(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code) return TRANSIENT_CODES.test(code);
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const { message, code: sysCode } = current as { message?: unknown; code?: unknown };
    if ((typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) || (typeof sysCode === 'string' && TRANSIENT_MESSAGES.test(sysCode))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const DELAYS_MS = [20, 100, 400];

/** Runs an idempotent write; a transient failure is retried up to three times (20, 100, 400 ms apart) before it surfaces. */
export async function retryTransient<T>(fn: () => Promise<T>, onRetry?: (err: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const delay = DELAYS_MS[attempt];
      if (delay === undefined || !isTransient(err)) throw err;
      onRetry?.(err, attempt + 1);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
