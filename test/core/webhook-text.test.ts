/**
 * normalizeWebhookInput decodes a byte body that is valid UTF-8 with node:buffer where there is one
 * (a string JSON.parse reads faster), and everything else with TextDecoder: the text must be
 * TextDecoder's, for any bytes (invalid sequences, surrogates, overlongs, truncated tails, byte
 * order marks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeWebhookInput } from '../../src/core/webhook-input';

const decoder = new TextDecoder('utf-8');
const BOM = [0xef, 0xbb, 0xbf];
/** Bytes that make UTF-8 go wrong, often. */
const tricky = [
  0xef, 0xbb, 0xbf, 0xed, 0xa0, 0x80, 0xc0, 0xc1, 0xe0, 0xf0, 0xf4, 0x90, 0xf5, 0xff, 0x80, 0xbf, 0xc2,
];
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...tricky));
const bytes = fc.oneof(
  fc.array(byte, { minLength: 1, maxLength: 48 }),
  fc.array(byte, { maxLength: 48 }).map((tail) => [...BOM, ...tail]),
  fc.array(byte, { maxLength: 48 }).map((tail) => [...BOM, ...BOM, ...tail]),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }).map((text) => [...Buffer.from(text, 'utf8')]),
);

const textOf = (body: Uint8Array | ArrayBuffer) => normalizeWebhookInput({ body, headers: {} }).text;

describe('the text of a byte body is what TextDecoder gives', () => {
  it('for Buffers, Uint8Arrays (offset views too) and ArrayBuffers (fast-check)', () => {
    fc.assert(
      fc.property(bytes, (list) => {
        const expected = decoder.decode(new Uint8Array(list));
        expect(textOf(Buffer.from(list))).toBe(expected);
        expect(textOf(new Uint8Array(list))).toBe(expected);
        const padded = new Uint8Array([7, ...list, 7]);
        expect(textOf(padded.subarray(1, 1 + list.length))).toBe(expected);
        expect(textOf(new Uint8Array(list).buffer)).toBe(expected);
      }),
      { numRuns: 5000 },
    );
  });

  it('drops one leading byte order mark, as TextDecoder does', () => {
    expect(textOf(Buffer.from([...BOM, 0x7b, 0x7d]))).toBe('{}');
    expect(textOf(Buffer.from([...BOM, ...BOM, 0x41]))).toBe('\ufeffA');
    expect(textOf(Buffer.from([0xef, 0xbb]))).toBe(decoder.decode(new Uint8Array([0xef, 0xbb])));
  });
});
