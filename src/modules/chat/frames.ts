// Client → server frames: parsed once, each type with its own schema; anything else is an error frame, never a crash.
import { z } from 'zod';
import type { ClientFrame } from '../../client/protocol.js';
import { freeText } from '../../lib/text.js';

export const MAX_BODY = 4000;
/** Rooms one `resume` frame may name. */
export const MAX_RESUME_ROOMS = 500;
const ref = z.string().max(64, 'must be at most 64 characters').optional();
const roomId = z.uuid('must be a UUID');
export const clientMsgIdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');
export const bodySchema = freeText(1, MAX_BODY);
const seq = z.number().int('must be an integer').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER);

export const frameSchemas = {
  subscribe: z.object({ type: z.literal('subscribe'), roomId, sinceSeq: seq.optional(), ref }),
  resume: z.object({
    type: z.literal('resume'),
    rooms: z.array(z.object({ roomId, sinceSeq: seq.optional() }).strict()).max(MAX_RESUME_ROOMS, `must name at most ${MAX_RESUME_ROOMS} rooms`),
    ref,
  }),
  unsubscribe: z.object({ type: z.literal('unsubscribe'), roomId, ref }),
  send: z.object({ type: z.literal('send'), roomId, clientMsgId: clientMsgIdSchema, body: bodySchema, ref }),
  edit: z.object({ type: z.literal('edit'), roomId, id: z.uuid('must be a UUID'), body: bodySchema, ref }),
  delete: z.object({ type: z.literal('delete'), roomId, id: z.uuid('must be a UUID'), ref }),
  read: z.object({ type: z.literal('read'), roomId, seq, ref }),
  typing: z.object({ type: z.literal('typing'), roomId, ref }),
  ping: z.object({ type: z.literal('ping'), ref }),
} as const;

export type FrameType = keyof typeof frameSchemas;
export type Frame = { [K in FrameType]: z.output<(typeof frameSchemas)[K]> }[FrameType];
// The parser accepts exactly the protocol's client frames (src/client/protocol.ts): a drift fails the type check.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameFrames: Same<Frame, ClientFrame> = true;
void sameFrames;

export class FrameError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly ref?: string,
  ) {
    super(message);
  }
}

/** Parses one text frame; throws FrameError with the contract's codes. */
export function parseFrame(text: string): Frame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new FrameError('INVALID_JSON', 'The frame is not valid JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new FrameError('VALIDATION_FAILED', 'A frame is a JSON object with a type');
  const obj = raw as Record<string, unknown>;
  const frameRef = typeof obj.ref === 'string' && obj.ref.length <= 64 ? obj.ref : typeof obj.clientMsgId === 'string' && obj.clientMsgId.length <= 64 ? obj.clientMsgId : undefined;
  if (typeof obj.type !== 'string') throw new FrameError('VALIDATION_FAILED', 'type: required', frameRef);
  if (!Object.hasOwn(frameSchemas, obj.type)) throw new FrameError('UNKNOWN_TYPE', `Unknown frame type "${obj.type.slice(0, 40)}"`, frameRef);
  const parsed = frameSchemas[obj.type as FrameType].safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'frame';
    throw new FrameError('VALIDATION_FAILED', `${path}: ${issue?.message ?? 'invalid'}`, frameRef);
  }
  return parsed.data as Frame;
}
