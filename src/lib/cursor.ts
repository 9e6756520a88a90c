// Opaque keyset cursors: base64url JSON, checked against a schema when read back (a tampered cursor is a 400).
import type { z } from 'zod';
import { Errors } from '../errors.js';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T): z.output<T> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw Errors.invalidCursor();
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw Errors.invalidCursor();
  return parsed.data;
}
