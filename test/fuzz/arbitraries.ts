/**
 * Hostile inputs shared by every fuzz property: random bytes, random JSON written out by hand (so
 * that numbers can be written at and past 2^53 exactly as a provider would send them), deep
 * nesting, `__proto__` / `constructor` keys, huge strings and lone surrogates.
 */
import fc from 'fast-check';

/** Keys chosen to attack prototype handling. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
];

/** Numbers as JSON text: around 2^53, past it, tiny, huge, negative zero, long fractions. */
export const numberText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '9007199254740991',
    '9007199254740992',
    '9007199254740993',
    '-9007199254740993',
    '90071992547409931',
    '18446744073709551616',
    '1e308',
    '1e400',
    '-1e400',
    '5e-324',
    '1e-400',
    '-0',
    '0.1',
    '10.005',
    '12345678901234567890.123456789',
    '0.30000000000000004',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
);

/** Strings, often with lone surrogates (both raw and as \uD800 escapes once serialised). */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\uD800', '\uDFFF', 'a\uD83D', '\uDE00b', '\u0000', '\u2028\u2029', '"\\'),
  fc.constantFrom(...HOSTILE_KEYS),
);

const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: hostileString },
);

/** JSON text of a random value; objects may repeat keys (the last one wins in JSON.parse). */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('null', 'true', 'false'),
    numberText,
    hostileString.map((s) => JSON.stringify(s)),
    fc.array(tie('value'), { maxLength: 6 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(key, tie('value')), { maxLength: 6 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  ),
})).value;

/** JSON text of an object (the shape webhook bodies have). */
export const jsonObjectText: fc.Arbitrary<string> = fc
  .array(fc.tuple(key, jsonText), { maxLength: 8 })
  .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`);

/** Deeply nested JSON (arrays or objects), valid or cut short. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .record({
    depth: fc.integer({ min: 100, max: 20_000 }),
    kind: fc.constantFrom('array', 'object', 'proto'),
    cut: fc.boolean(),
  })
  .map(({ depth, kind, cut }) => {
    const open = kind === 'array' ? '[' : kind === 'object' ? '{"a":' : '{"__proto__":';
    const close = kind === 'array' ? ']' : '}';
    const text = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return cut ? text.slice(0, text.length - 1) : text;
  });

/** A body as a framework may hand it over: string, Buffer, Uint8Array or ArrayBuffer. */
export function asBodyForms(text: string): fc.Arbitrary<string | Uint8Array | ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  return fc.constantFrom<string | Uint8Array | ArrayBuffer>(
    text,
    Buffer.from(bytes),
    bytes,
    bytes.slice().buffer,
  );
}

/** Any body text a fuzz case may send. */
export const anyBodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: jsonObjectText },
  { weight: 2, arbitrary: jsonText },
  { weight: 1, arbitrary: deepJsonText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
);

/** Random raw bytes (invalid UTF-8 included). */
export const randomBytes: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 512 });

/** Header records with hostile names and values (arrays, empty, odd case). */
export const headerRecord: fc.Arbitrary<Record<string, string | string[] | undefined>> = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE_KEYS)),
  fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }),
    fc.constant(undefined),
  ),
  { maxKeys: 6 },
);

/** Values that are not webhook inputs at all. */
export const notAnInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.record({ body: fc.anything(), headers: fc.anything() }),
  fc.record({ body: fc.constantFrom(undefined, null, 0, true, {}, [], Symbol.for('x')) }),
);

/** A sentinel on Object.prototype's shape: its own keys, sorted. Compare before and after a run. */
export function prototypeSnapshot(): string {
  const names = (o: object) => Reflect.ownKeys(o).map(String).sort().join(',');
  return [names(Object.prototype), names(Array.prototype), names(Function.prototype)].join('|');
}

/** True when a fresh object shows any property it should not. */
export function prototypePolluted(): boolean {
  const probe: Record<string, unknown> = {};
  for (const k of ['polluted', 'isAdmin', 'a', '1', 'amount', 'status']) if (k in probe) return true;
  return false;
}
