// Shared text validators: names allow letters, digits and ordinary punctuation; free text is any printable text.
import { z } from 'zod';

// Letters, marks, digits, spaces and . , ' ’ & ( ) - / # : + (enough for "O'Brien Physical Therapy & Rehab, LLC").
const NAME_PATTERN = /^[\p{L}\p{M}\p{N} .,'’&()\-/#:+]+$/u;
// Control characters other than tab and newline have no place in stored text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const nameText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(NAME_PATTERN, "may contain only letters, digits, spaces and . , ' & ( ) - / # : +");

export const freeText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

export const emailText = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email('must be a valid email address'));

export const uuidText = z.uuid('must be a UUID');
