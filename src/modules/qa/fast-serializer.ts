// A compiled JSON-schema serializer for hot routes: the zod response schema, turned into JSON schema once, drives
// fast-json-stringify (Fastify's own serializer). Like zod's, it writes only the declared fields.
import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type Json = { [key: string]: unknown };

/** `anyOf: [X, null]` becomes `type: [X's type, "null"]`: same meaning, and fast-json-stringify needs no validator for it. */
function simplifyNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyNullable);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = simplifyNullable(value);
  const anyOf = out.anyOf as Json[] | undefined;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullIndex = anyOf.findIndex((s) => s.type === 'null' && Object.keys(s).length === 1);
    const other = anyOf[1 - nullIndex];
    if (nullIndex !== -1 && typeof other?.type === 'string') {
      const { anyOf: _drop, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

const DROPPED = new Set(['pattern', 'format', '$schema', 'description']);

/** The JSON schema fast-json-stringify is compiled from; patterns and formats are dropped (it does not validate). */
export function toSerializerSchema(schema: z.ZodType): Json {
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as Json;
  // Keywords go; names of properties and definitions (which may be "description" or "format") stay.
  const strip = (node: unknown, isMap = false): unknown => {
    if (Array.isArray(node)) return node.map((n) => strip(n));
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [key, value] of Object.entries(node as Json)) {
      if (!isMap && DROPPED.has(key)) continue;
      out[key] = strip(value, !isMap && (key === 'properties' || key === 'definitions' || key === '$defs'));
    }
    return out;
  };
  return simplifyNullable(strip(json)) as Json;
}

/** Route-level `serializerCompiler`: `{ serializerCompiler: compiledSerializer, schema: { response: zod schemas } }`. */
export function compiledSerializer({ schema }: { schema: unknown }): (data: unknown) => string {
  return fastJson(toSerializerSchema(schema as z.ZodType) as unknown as Parameters<typeof fastJson>[0]) as (data: unknown) => string;
}
