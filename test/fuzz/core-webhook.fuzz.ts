/**
 * Fuzz properties of the core webhook input handling every adapter runs first:
 * normalizeWebhookInput + parseWebhookJson never throw anything but a PaybridgeError, never
 * touch Object.prototype, and finish on bodies at the 1 MiB limit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timingSafeEqual } from '../../src/core/crypto';
import { WebhookParseError, WebhookVerificationError } from '../../src/core/errors';
import {
  assertFreshTimestamp,
  DEFAULT_MAX_WEBHOOK_BYTES,
  normalizeWebhookInput,
  parseWebhookJson,
} from '../../src/core/webhook-input';
import {
  anyBodyText,
  asBodyForms,
  headerRecord,
  notAnInput,
  prototypePolluted,
  prototypeSnapshot,
  randomBytes,
} from './arbitraries';
import { expectPaybridgeError, outcome } from './assert';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

function readBody(input: unknown): Record<string, unknown> {
  const w = normalizeWebhookInput(input as Parameters<typeof normalizeWebhookInput>[0], { provider: 'fuzz' });
  // The header lookup must survive hostile names as well.
  w.header('__proto__');
  w.header('constructor');
  return parseWebhookJson(w.text, 'fuzz');
}

async function check(input: unknown): Promise<void> {
  const result = await outcome(() => readBody(input));
  if (result.ok) {
    const value = result.value as Record<string, unknown>;
    expect(typeof value).toBe('object');
    expect(Array.isArray(value)).toBe(false);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  } else {
    expectPaybridgeError(result.error);
    expect(result.error).toBeInstanceOf(WebhookParseError);
  }
}

describe('fuzz: core webhook input', () => {
  it(
    'random and hostile JSON in every body form: a plain object or a WebhookParseError, prototypes untouched',
    async () => {
      const before = prototypeSnapshot();
      await fc.assert(
        fc.asyncProperty(
          anyBodyText.chain((text) => fc.tuple(asBodyForms(text), headerRecord)),
          async ([body, headers]) => {
            await check({ body, headers });
            expect(prototypePolluted()).toBe(false);
          },
        ),
        fcParams(),
      );
      expect(prototypeSnapshot()).toBe(before);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'random bytes, invalid UTF-8 included',
    async () => {
      const before = prototypeSnapshot();
      await fc.assert(
        fc.asyncProperty(randomBytes, headerRecord, async (bytes, headers) =>
          check({ body: bytes, headers }),
        ),
        fcParams(),
      );
      expect(prototypeSnapshot()).toBe(before);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'inputs that are not { body, headers } at all are refused with a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(notAnInput, async (input) => {
          const result = await outcome(() => readBody(input));
          if (!result.ok) expectPaybridgeError(result.error);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'bodies at the 1 MiB limit finish (completion asserted, not speed), one byte over is refused',
    async () => {
      const max = DEFAULT_MAX_WEBHOOK_BYTES;
      const kinds = ['string', 'deep-array', 'deep-object', 'many-keys', 'bytes', 'numbers'] as const;
      const build = (kind: (typeof kinds)[number], size: number, seed: number): string | Uint8Array => {
        switch (kind) {
          case 'string':
            return `{"a":"${'x'.repeat(size - 8)}"}`;
          case 'deep-array': {
            const depth = Math.floor((size - 1) / 2);
            return `${'['.repeat(depth)}${size % 2 ? '1' : ''}${']'.repeat(depth)}`.padEnd(size, ' ');
          }
          case 'deep-object': {
            const depth = Math.floor((size - 3) / 6);
            return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`.padEnd(size, ' ');
          }
          case 'many-keys': {
            let out = '{';
            for (let i = 0; out.length < size - 24; i++) out += `"${i === 0 ? '__proto__' : `k${i}`}":${i},`;
            return `${out}"end":1}`.padEnd(size, ' ');
          }
          case 'numbers': {
            let out = '[';
            while (out.length < size - 24) out += '9007199254740993,';
            return `${out}1]`.padEnd(size, ' ');
          }
          case 'bytes': {
            const bytes = new Uint8Array(size);
            let x = seed | 1;
            for (let i = 0; i < size; i++) {
              x ^= x << 13;
              x ^= x >>> 17;
              x ^= x << 5;
              bytes[i] = x & 0xff;
            }
            return bytes;
          }
        }
      };
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...kinds),
          fc.constantFrom(-1, 0, 1),
          fc.integer(),
          async (kind, delta, seed) => {
            const body = build(kind, max + delta, seed);
            const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
            const result = await outcome(() => readBody({ body, headers: {} }));
            if (length > max) {
              expect(result.ok).toBe(false);
              if (!result.ok) expect((result.error as WebhookParseError).reason).toBe('body_too_large');
            } else if (!result.ok) {
              expectPaybridgeError(result.error);
            }
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('timingSafeEqual agrees with === on any two strings, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        (a, b, same) => {
          const received = same ? a : b;
          expect(timingSafeEqual(a, received)).toBe(a === received);
        },
      ),
      fcParams(),
    );
  });

  it('assertFreshTimestamp only returns or throws WebhookVerificationError, and never accepts a non-finite time', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer(),
          fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 2),
        ),
        fc.oneof(fc.constant(undefined), fc.date({ noInvalidDate: true })),
        fc.oneof(fc.constant(undefined), fc.constant(false as const), fc.integer({ min: 0, max: 10 ** 6 })),
        (timestamp, now, toleranceSeconds) => {
          const result = (() => {
            try {
              assertFreshTimestamp(timestamp, { now, toleranceSeconds, provider: 'fuzz' });
              return undefined;
            } catch (error) {
              return error;
            }
          })();
          if (result !== undefined) expect(result).toBeInstanceOf(WebhookVerificationError);
          if (!Number.isFinite(timestamp) && toleranceSeconds !== false) expect(result).toBeDefined();
        },
      ),
      fcParams(),
    );
  });
});
