/**
 * Mutations of valid webhook bodies for the adapters' fuzz properties: JSON-level (a field removed,
 * a value's type changed, a hostile key added, a huge string, deep nesting, a number at or past
 * 2^53, a lone surrogate) and byte-level (a byte flipped, inserted or deleted).
 */
import fc from 'fast-check';
import { HOSTILE_KEYS, hostileString, jsonText, numberText } from './arbitraries';

/** A JSON fragment to put somewhere in a body, written out as text. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: jsonText },
  { weight: 2, arbitrary: numberText },
  { weight: 2, arbitrary: hostileString.map((s) => JSON.stringify(s)) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => JSON.stringify('x'.repeat(n))),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 50, max: 3_000 }).map((d) => `${'['.repeat(d)}1${']'.repeat(d)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  },
);

export type JsonMutation =
  | { op: 'remove'; at: number }
  | { op: 'replace'; at: number; with: string }
  | { op: 'addKey'; at: number; key: string; with: string };

export const jsonMutation: fc.Arbitrary<JsonMutation> = fc.oneof(
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), with: fragment }),
  fc.record({
    op: fc.constant('addKey' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 })),
    with: fragment,
  }),
);

type Container = Record<string, unknown> | unknown[];
interface Slot {
  parent: Container;
  key: string | number;
}

function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push({ parent: value, key: i });
      slots(v, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key: k });
      slots(v, out);
    }
  }
  return out;
}

function containers(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) for (const v of value) containers(v, out);
  else if (typeof value === 'object' && value !== null) {
    out.push(value as Record<string, unknown>);
    for (const v of Object.values(value)) containers(v, out);
  }
  return out;
}

/** Applies the mutations to a copy of `text` (a JSON object) and returns the new JSON text. */
export function mutateJson(text: string, mutations: JsonMutation[]): string {
  const root = JSON.parse(text) as Record<string, unknown>;
  const raw: string[] = [];
  const marker = (fragmentText: string) => {
    raw.push(fragmentText);
    return `@@RAW${raw.length - 1}@@`;
  };
  for (const m of mutations) {
    if (m.op === 'addKey') {
      const all = containers(root);
      const target = all[m.at % all.length]!;
      Object.defineProperty(target, m.key, {
        value: marker(m.with),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    const all = slots(root);
    if (all.length === 0) continue;
    const slot = all[m.at % all.length]!;
    if (m.op === 'remove') {
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
    } else if (Array.isArray(slot.parent)) {
      slot.parent[slot.key as number] = marker(m.with);
    } else {
      Object.defineProperty(slot.parent, slot.key, {
        value: marker(m.with),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return JSON.stringify(root).replace(/"@@RAW(\d+)@@"/g, (_, i: string) => raw[Number(i)]!);
}

export type ByteMutation = { op: 'flip' | 'insert' | 'delete'; at: number; byte: number };

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.record({
  op: fc.constantFrom('flip' as const, 'insert' as const, 'delete' as const),
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
});

/** Applies byte mutations; a flip always changes the byte (xor with a non-zero value). */
export function mutateBytes(bytes: Uint8Array, mutations: ByteMutation[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % (out.length + (m.op === 'insert' ? 1 : 0));
    if (m.op === 'flip' && out.length > 0) out[at] = out[at]! ^ (m.byte === 0 ? 1 : m.byte);
    else if (m.op === 'insert') out = Uint8Array.from([...out.subarray(0, at), m.byte, ...out.subarray(at)]);
    else if (m.op === 'delete' && out.length > 0)
      out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1)]);
  }
  return out;
}

export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);
