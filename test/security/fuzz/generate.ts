// Input generation from the OpenAPI document's JSON schemas: valid-looking values, then hostile mutations of them.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = Record<string, any>;

/** mulberry32: small, fast, seeded; the same seed replays the same inputs. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ud83d\ude00 emoji',
  '\u202eRTL override',
  '\uFEFFbom',
  "'; DROP TABLE members; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '%00%zz%',
  '\\',
  '"',
  '\r\n\r\nX-Injected: 1',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x1F',
  '9'.repeat(40),
  'a'.repeat(5000),
  'ünïcödé ñ 東京 عربى',
  '__proto__',
  'constructor',
  '2026-02-30T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

const HOSTILE_VALUES: readonly Json[] = [null, true, false, 0, -1, 1.5, -0.0001, 2 ** 53 + 2, 1e308, -1e308, [], {}, [null], { a: 1 }, '', 'x'];

function resolve(schema: Schema | undefined, refs: Record<string, Schema>): Schema {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 10; i++) s = refs[String(s.$ref).split('/').pop()!] ?? {};
  return s;
}

/** A value the schema accepts, as far as a generator can tell (formats, enums, bounds, required keys). */
export function validValue(schemaIn: Schema | undefined, refs: Record<string, Schema>, r: Rng, ids: readonly string[], depth = 0): Json {
  const s = resolve(schemaIn, refs);
  if (s.const !== undefined) return s.const as Json;
  if (Array.isArray(s.enum) && s.enum.length) return r.pick(s.enum) as Json;
  const variants = s.anyOf ?? s.oneOf;
  if (Array.isArray(variants) && variants.length) return validValue(r.pick(variants), refs, r, ids, depth + 1);
  if (Array.isArray(s.allOf) && s.allOf.length) return validValue(s.allOf[0], refs, r, ids, depth + 1);
  const type = Array.isArray(s.type) ? r.pick(s.type.filter((x: string) => x !== 'null').length ? s.type.filter((x: string) => x !== 'null') : s.type) : s.type;
  switch (type) {
    case 'string':
      return validString(s, r, ids);
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      const max = Math.min(s.maximum ?? min + 50, min + 1000);
      return r.int(Math.ceil(min), Math.floor(max));
    }
    case 'number': {
      const min = s.minimum ?? 0;
      const max = Math.min(s.maximum ?? min + 50, min + 1000);
      return min + r.next() * (max - min);
    }
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    case 'array': {
      if (depth > 6) return [];
      const min = s.minItems ?? 0;
      const n = r.int(min, Math.max(min, Math.min(s.maxItems ?? min + 2, min + 3)));
      const out: Json[] = [];
      for (let i = 0; i < n; i++) out.push(validValue(s.items, refs, r, ids, depth + 1));
      return s.uniqueItems ? [...new Map(out.map((v) => [JSON.stringify(v), v])).values()] : out;
    }
    case 'object':
    default: {
      if (!s.properties || depth > 6) return type === 'object' ? {} : 'x';
      const out: Record<string, Json> = {};
      const required = new Set<string>(s.required ?? []);
      for (const [key, prop] of Object.entries<Schema>(s.properties)) {
        if (required.has(key) || r.chance(0.6)) out[key] = validValue(prop, refs, r, ids, depth + 1);
      }
      return out;
    }
  }
}

function validString(s: Schema, r: Rng, ids: readonly string[]): string {
  switch (s.format) {
    case 'uuid':
      return ids.length && r.chance(0.7) ? r.pick(ids) : crypto.randomUUID();
    case 'email':
      return `fuzz.${r.int(0, 1e9)}@example.test`;
    case 'date-time':
      return new Date(Date.now() + r.int(-30, 60) * 86_400_000).toISOString();
    case 'date':
      return new Date(Date.now() + r.int(-30, 60) * 86_400_000).toISOString().slice(0, 10);
    case 'uri':
      return 'https://example.test/x';
  }
  const min = s.minLength ?? 1;
  const max = Math.min(s.maxLength ?? 40, 80);
  const words = ['billing', 'referrals', 'hiring', 'Ohio', 'Therapy', 'clinic', 'payer', 'rates', 'growth', 'staff'];
  let out = '';
  while (out.length < min) out += (out ? ' ' : '') + r.pick(words);
  return out.slice(0, Math.max(min, Math.min(max, out.length)));
}

/** One hostile change to a valid value: a hostile string or value at a random place, a missing or unknown key, deep nesting. */
export function mutate(value: Json, r: Rng): Json {
  const roll = r.next();
  if (roll < 0.08) return r.pick(HOSTILE_VALUES);
  if (roll < 0.12) return deep(r.int(50, 3000), r);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const copy: Record<string, Json> = { ...value };
    const keys = Object.keys(copy);
    const which = r.next();
    if (which < 0.15 && keys.length) delete copy[r.pick(keys)];
    else if (which < 0.3) copy[r.pick(['extra', '__proto__', 'constructor', 'role', 'status', 'id', 'authorId', '\u0000', '\ud800'])] = r.pick(HOSTILE_VALUES);
    else if (keys.length) {
      const k = r.pick(keys);
      copy[k] = r.chance(0.5) ? mutate(copy[k]!, r) : r.chance(0.5) ? r.pick(HOSTILE_STRINGS) : r.pick(HOSTILE_VALUES);
    } else copy.extra = r.pick(HOSTILE_STRINGS);
    return copy;
  }
  if (Array.isArray(value)) {
    if (value.length && r.chance(0.5)) {
      const copy = [...value];
      const i = r.int(0, copy.length - 1);
      copy[i] = mutate(copy[i]!, r);
      return copy;
    }
    return r.chance(0.5) ? Array.from({ length: r.int(50, 500) }, () => r.pick(HOSTILE_STRINGS)) : [...value, r.pick(HOSTILE_VALUES)];
  }
  if (typeof value === 'string') return r.chance(0.7) ? r.pick(HOSTILE_STRINGS) : value + r.pick(HOSTILE_STRINGS);
  return r.chance(0.5) ? r.pick(HOSTILE_STRINGS) : r.pick(HOSTILE_VALUES);
}

function deep(levels: number, r: Rng): Json {
  let v: Json = 'bottom';
  for (let i = 0; i < levels; i++) v = r.chance(0.5) ? [v] : { a: v };
  return v;
}

/** A path or query text: valid-looking or hostile, percent-encoded (or deliberately mis-encoded). */
export function hostilePathText(r: Rng): string {
  const roll = r.next();
  if (roll < 0.15) return r.pick(['%zz', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%00', '..%2f..%2f', '%2e%2e', 'a%2Fb']);
  try {
    return encodeURIComponent(r.pick(HOSTILE_STRINGS)) || '%20';
  } catch {
    return '%ED%A0%80'; // a lone surrogate cannot be encoded: send its (invalid) UTF-8 bytes instead
  }
}
