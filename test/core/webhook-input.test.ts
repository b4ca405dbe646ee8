import { describe, expect, it } from 'vitest';
import { WebhookParseError, WebhookVerificationError } from '../../src/core/errors';
import {
  assertFreshTimestamp,
  bodyDigestId,
  DEFAULT_MAX_WEBHOOK_BYTES,
  DEFAULT_TOLERANCE_SECONDS,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../src/core/webhook-input';

const BODY = '{"type":"payment_paid","data":{"id":"pay_1","amount":1050,"note":"مرحبا ✓"}}';
const BYTES = new TextEncoder().encode(BODY);

function thrown<T extends Error>(fn: () => unknown, type: new (...args: never[]) => T): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('normalizeWebhookInput bodies', () => {
  const padded = new Uint8Array(BYTES.length + 10);
  padded.set(BYTES, 5);
  const arrayBuffer = BYTES.buffer.slice(BYTES.byteOffset, BYTES.byteOffset + BYTES.byteLength);
  const bodies: [string, string | Uint8Array | ArrayBuffer][] = [
    ['string', BODY],
    ['Buffer', Buffer.from(BODY, 'utf8')],
    ['pooled Buffer (non-zero byteOffset)', Buffer.from(BODY)],
    ['Uint8Array', new Uint8Array(BYTES)],
    ['subarray view with an offset', padded.subarray(5, 5 + BYTES.length)],
    ['ArrayBuffer', arrayBuffer],
    ['DataView', new DataView(padded.buffer, 5, BYTES.length) as unknown as Uint8Array],
  ];

  it.each(bodies)('reads a %s body into the same bytes and text', (_, body) => {
    const normalized = normalizeWebhookInput({ body });
    expect(Array.from(normalized.bytes)).toEqual(Array.from(BYTES));
    expect(normalized.bytes.byteLength).toBe(BYTES.byteLength);
    expect(normalized.text).toBe(BODY);
  });

  it('keeps the bytes of a non-UTF-8 body exactly, replacing only in text', () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const normalized = normalizeWebhookInput({ body: bytes });
    expect(Array.from(normalized.bytes)).toEqual([0x7b, 0xff, 0xfe, 0x7d]);
    expect(normalized.text).toBe('{\uFFFD\uFFFD}');
  });

  it('refuses an empty body', () => {
    for (const body of ['', new Uint8Array(0), new ArrayBuffer(0)]) {
      const error = thrown(() => normalizeWebhookInput({ body }), WebhookParseError);
      expect(error.reason).toBe('empty_body');
      expect(error.message).toContain('empty');
    }
    for (const body of [null, undefined]) {
      const error = thrown(() => normalizeWebhookInput({ body } as never), WebhookParseError);
      expect(error.reason).toBe('empty_body');
    }
  });

  it('refuses an already-parsed object and tells to pass the raw request body', () => {
    const error = thrown(
      () => normalizeWebhookInput({ body: { type: 'payment_paid' } } as never, { provider: 'moyasar' }),
      WebhookParseError,
    );
    expect(error.reason).toBe('parsed_body');
    expect(error.code).toBe('parsed_body');
    expect(error.provider).toBe('moyasar');
    expect(error.message).toContain('raw request body');
    // The whole fix in each framework: Express, Fastify, NestJS, and fetch-style servers.
    for (const fix of [
      'express.raw({ type: "*/*" })',
      'removeAllContentTypeParsers()',
      'addContentTypeParser("*", { parseAs: "buffer" }',
      'NestFactory.create(AppModule, { rawBody: true })',
      'req.rawBody',
      'Next.js, Hono',
      'handler.fetch(request)',
      'await request.arrayBuffer()',
    ]) {
      expect(error.message).toContain(fix);
    }
    expect(thrown(() => normalizeWebhookInput({ body: [1, 2] } as never), WebhookParseError).reason).toBe(
      'parsed_body',
    );
  });

  it.each([[42], [true], [Symbol('x')]])('refuses a %s body', (body) => {
    const error = thrown(() => normalizeWebhookInput({ body } as never), WebhookParseError);
    expect(error.reason).toBe('invalid_body_type');
    expect(error.message).toContain('raw request body');
  });

  it.each([[null], ['{"a":1}'], [undefined]])(
    'refuses the input %o that is not { body, headers }',
    (input) => {
      const error = thrown(() => normalizeWebhookInput(input as never), WebhookParseError);
      expect(error.reason).toBe('invalid_body_type');
      expect(error.message).toContain('{ body, headers }');
    },
  );
});

describe('the size limit', () => {
  it('defaults to 1 MiB', () => {
    expect(DEFAULT_MAX_WEBHOOK_BYTES).toBe(1024 * 1024);
    const atLimit = 'a'.repeat(DEFAULT_MAX_WEBHOOK_BYTES);
    expect(normalizeWebhookInput({ body: atLimit }).bytes.byteLength).toBe(DEFAULT_MAX_WEBHOOK_BYTES);
    const error = thrown(() => normalizeWebhookInput({ body: `${atLimit}a` }), WebhookParseError);
    expect(error.reason).toBe('body_too_large');
  });

  it('accepts a string exactly at the limit and refuses one byte more', () => {
    expect(normalizeWebhookInput({ body: 'x'.repeat(16) }, { maxBytes: 16 }).text).toHaveLength(16);
    const error = thrown(
      () => normalizeWebhookInput({ body: 'x'.repeat(17) }, { maxBytes: 16 }),
      WebhookParseError,
    );
    expect(error.reason).toBe('body_too_large');
    expect(error.message).toContain('16 bytes');
    expect(error.message).toContain('maxBodyBytes');
  });

  it('counts UTF-8 bytes, not characters, for strings', () => {
    // 8 characters, 16 bytes in UTF-8.
    const arabic = 'مرحبامرح';
    expect(normalizeWebhookInput({ body: arabic }, { maxBytes: 16 }).bytes.byteLength).toBe(16);
    const error = thrown(() => normalizeWebhookInput({ body: arabic }, { maxBytes: 15 }), WebhookParseError);
    expect(error.reason).toBe('body_too_large');
  });

  it.each([
    ['Uint8Array', (n: number) => new Uint8Array(n).fill(0x61)],
    ['Buffer', (n: number) => Buffer.alloc(n, 'a')],
    ['ArrayBuffer', (n: number) => new Uint8Array(n).fill(0x61).buffer],
  ])('accepts %s bytes exactly at the limit and refuses one more', (_, make) => {
    expect(normalizeWebhookInput({ body: make(32) }, { maxBytes: 32 }).bytes.byteLength).toBe(32);
    const error = thrown(
      () => normalizeWebhookInput({ body: make(33) }, { maxBytes: 32 }),
      WebhookParseError,
    );
    expect(error.reason).toBe('body_too_large');
  });
});

describe('headers', () => {
  it('reads a Headers object case-insensitively', () => {
    const headers = new Headers({ 'X-Signature': 'abc' });
    headers.append('x-multi', 'a');
    headers.append('X-Multi', 'b');
    const { header } = normalizeWebhookInput({ body: BODY, headers });
    expect(header('x-signature')).toBe('abc');
    expect(header('X-SIGNATURE')).toBe('abc');
    expect(header('x-multi')).toBe('a, b');
    expect(header('missing')).toBeUndefined();
  });

  it('reads a plain record with mixed case, arrays joined and undefined skipped', () => {
    const { header } = normalizeWebhookInput({
      body: BODY,
      headers: {
        'X-MoneyHash-Signature': 'v3=abc',
        'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
        'X-Dup': 'one',
        'x-dup': ['two', 'three'],
        'x-empty': undefined,
      },
    });
    expect(header('x-moneyhash-signature')).toBe('v3=abc');
    expect(header('X-MONEYHASH-SIGNATURE')).toBe('v3=abc');
    expect(header('X-Forwarded-For')).toBe('1.1.1.1, 2.2.2.2');
    expect(header('x-dup')).toBe('one, two, three');
    expect(header('x-empty')).toBeUndefined();
  });

  it('treats missing headers as none', () => {
    expect(normalizeWebhookInput({ body: BODY }).header('x-signature')).toBeUndefined();
    expect(normalizeWebhookInput({ body: BODY, headers: null } as never).header('x')).toBeUndefined();
  });

  it('does not read headers from Object.prototype', () => {
    const { header } = normalizeWebhookInput({ body: BODY, headers: { a: 'b' } });
    expect(header('constructor')).toBeUndefined();
    expect(header('__proto__')).toBeUndefined();
  });

  it.each([['x-signature: abc'], [['x-signature', 'abc']], [42]])(
    'refuses headers given as %o',
    (headers) => {
      const error = thrown(() => normalizeWebhookInput({ body: BODY, headers } as never), WebhookParseError);
      expect(error.reason).toBe('invalid_headers');
      expect(error.message).toContain('Headers object or a plain record');
    },
  );
});

describe('parseWebhookJson', () => {
  it('parses a JSON object', () => {
    expect(parseWebhookJson(BODY)).toEqual({
      type: 'payment_paid',
      data: { id: 'pay_1', amount: 1050, note: 'مرحبا ✓' },
    });
  });

  it('refuses text that is not JSON, without quoting it', () => {
    const secretish = '{"secret_token": "do-not-leak-123", oops}';
    const error = thrown(() => parseWebhookJson(secretish, 'moyasar'), WebhookParseError);
    expect(error.reason).toBe('not_json');
    expect(error.provider).toBe('moyasar');
    expect(error.message).toBe('The webhook body is not valid JSON.');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('do-not-leak-123');
  });

  it.each([['[]'], ['[{"a":1}]'], ['"text"'], ['42'], ['true'], ['null']])(
    'refuses the non-object %s',
    (text) => {
      const error = thrown(() => parseWebhookJson(text), WebhookParseError);
      expect(error.reason).toBe('invalid_shape');
      expect(error.message).toBe('The webhook body must be a JSON object.');
    },
  );

  it('keeps __proto__ as plain data and does not pollute Object.prototype', () => {
    const parsed = parseWebhookJson(
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}',
    );
    expect(Object.hasOwn(parsed, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect((Object.prototype as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('assertFreshTimestamp', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('accepts timestamps within the tolerance, both ways, boundaries included', () => {
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
    for (const ts of [t, t - 300, t + 300, t - 1, t + 1]) {
      expect(assertFreshTimestamp(ts, { now })).toBeUndefined();
    }
    expect(assertFreshTimestamp(t - 10, { now, toleranceSeconds: 10 })).toBeUndefined();
  });

  it('refuses an old timestamp', () => {
    const error = thrown(
      () => assertFreshTimestamp(t - 301, { now, provider: 'moneyhash' }),
      WebhookVerificationError,
    );
    expect(error.reason).toBe('timestamp_too_old');
    expect(error.provider).toBe('moneyhash');
    expect(error.message).toContain('301 s old');
    expect(error.message).toContain('300 s tolerance');
  });

  it('refuses a timestamp in the future', () => {
    const error = thrown(
      () => assertFreshTimestamp(t + 11, { now, toleranceSeconds: 10 }),
      WebhookVerificationError,
    );
    expect(error.reason).toBe('timestamp_in_future');
    expect(error.message).toContain('11 s in the future');
  });

  it('refuses a timestamp in milliseconds as one in the future', () => {
    const error = thrown(() => assertFreshTimestamp(now.getTime(), { now }), WebhookVerificationError);
    expect(error.reason).toBe('timestamp_in_future');
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]])(
    'refuses the non-finite timestamp %s',
    (ts) => {
      const error = thrown(() => assertFreshTimestamp(ts, { now }), WebhookVerificationError);
      expect(error.reason).toBe('malformed_signature');
    },
  );

  it('checks nothing when the tolerance is false', () => {
    expect(assertFreshTimestamp(0, { now, toleranceSeconds: false })).toBeUndefined();
    expect(assertFreshTimestamp(t + 1e9, { now, toleranceSeconds: false })).toBeUndefined();
  });

  it('uses the current time by default', () => {
    expect(assertFreshTimestamp(Math.floor(Date.now() / 1000), {})).toBeUndefined();
    expect(thrown(() => assertFreshTimestamp(0, {}), WebhookVerificationError).reason).toBe(
      'timestamp_too_old',
    );
  });
});

describe('bodyDigestId', () => {
  it('is sha256: and the hex digest of the bytes, stable across body forms', async () => {
    const abc = await bodyDigestId(new TextEncoder().encode('abc'));
    expect(abc).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const a = await bodyDigestId(normalizeWebhookInput({ body: BODY }).bytes);
    const b = await bodyDigestId(normalizeWebhookInput({ body: Buffer.from(BODY) }).bytes);
    expect(a).toBe(b);
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await bodyDigestId(new TextEncoder().encode(`${BODY} `))).not.toBe(a);
  });
});
