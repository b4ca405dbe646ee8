/**
 * Tap parseWebhook under fuzzing. `hashstring` covers the object's id, amount, currency, status,
 * gateway and payment references and creation time (invoices: `updated` instead of the
 * references): a body with any of those changed, header kept, is never accepted; a change anywhere
 * else yields either the very same verified outcome (id, status, amount, payment) or a
 * PaybridgeError; any other mutation yields an event or a PaybridgeError.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../src/core/webhook-input';
import { jsonWithNumber, topLevelValueText } from '../../src/providers/tap/amount';
import { createTap } from '../../src/providers/tap/index';
import { tapWebhook } from '../../src/testing/webhooks/tap';
import { anyBodyText, prototypeSnapshot } from './arbitraries';
import { outcome } from './assert';
import { byteMutation, fragment, jsonMutation, mutateBytes, mutateJson } from './mutations';
import { expectEventOrPaybridgeError, padJsonTo } from './provider-checks';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

/** Tap's shared public test key: the fact sheet's vectors were computed with it. */
const KEY = 'sk_test_XKokBfNWv6FIYuTMg5sLPjhJ';
const tap = createTap({ secretKey: KEY });
const dir = new URL('../fixtures/tap/', import.meta.url);
const sample = (name: string, hashstring: string) => ({
  body: readFileSync(new URL(name, dir), 'utf8'),
  hashstring,
});

const built = await Promise.all(
  (
    [
      { object: 'charge', currency: 'KWD', amount: 10_500 },
      { object: 'authorize', currency: 'SAR', amount: 100 },
      { object: 'refund', currency: 'BHD', amount: 1 },
      { object: 'invoice', currency: 'JPY', amount: 700 },
    ] as const
  ).map(async (o) => {
    const w = await tapWebhook({ ...o, secretKey: KEY, reference: 'order-1' });
    return { body: w.body, hashstring: w.headers['hashstring']! };
  }),
);
const fixtures = [
  sample(
    'charge_captured_mada_sar_webhook.body.json',
    'a5335ad4bf54b5304821eba79c74943daba772b7cae882d743257868698639f5',
  ),
  sample(
    'authorize_authorized_sar_webhook.body.json',
    '64decd7398b264daec0d1488a1cbbe844f8302c6bbff966d38b723e0e97a3903',
  ),
  sample(
    'charge_captured_benefit_bhd_webhook.json',
    '1df5710be6d32e80f564a133f860cdbab3b23e5a77fb3776c1ccfd34da436f0b',
  ),
  ...built,
];
const fixture = fc.constantFrom(...fixtures);
const parse = (body: string | Uint8Array, hashstring: string) =>
  outcome(() => tap.parseWebhook({ body, headers: { hashstring } }));

/** The body with `change` applied to its parsed value, the amount's exact text kept. */
function rewrite(text: string, change: (value: Record<string, unknown>) => void): string {
  const value = JSON.parse(text) as Record<string, unknown>;
  const amount = topLevelValueText(text, 'amount') ?? '0';
  change(value);
  const { amount: _amount, ...rest } = value;
  return jsonWithNumber('amount', /^-?\d+(\.\d+)?$/.test(amount) ? amount : '0', rest);
}

const record = (v: unknown) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** A change that sets `path` (one or two levels) to a value (`fallback` for null, where given). */
const setAt =
  (path: string, fallback?: unknown) =>
  (v: unknown) =>
  (b: Record<string, unknown>): void => {
    const [head, tail] = path.split('.') as [string, string | undefined];
    const value = v === null && fallback !== undefined ? fallback : v;
    if (tail === undefined) b[head] = value;
    else b[head] = { ...record(b[head]), [tail]: value };
  };

describe('fuzz: tap parseWebhook', () => {
  it('has fixtures, and each one is accepted as is', async () => {
    for (const f of fixtures) expect((await parse(f.body, f.hashstring)).ok).toBe(true);
  });

  it(
    'every fixture with random JSON mutations (header kept): an event or a PaybridgeError, prototypes untouched',
    async () => {
      const before = prototypeSnapshot();
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(jsonMutation, { minLength: 1, maxLength: 4 }),
          async (f, mutations) => {
            const result = await parse(mutateJson(f.body, mutations), f.hashstring);
            seen[result.ok ? 'accepted' : 'refused']++;
            expectEventOrPaybridgeError(result, 'tap');
          },
        ),
        fcParams(),
      );
      expect(prototypeSnapshot()).toBe(before);
      expect(seen.accepted).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'every fixture with random byte mutations: an event or a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
          async (f, mutations) => {
            expectEventOrPaybridgeError(
              await parse(mutateBytes(Buffer.from(f.body), mutations), f.hashstring),
              'tap',
            );
          },
        ),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'random JSON with a random hashstring: never accepted',
    async () => {
      const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
      await fc.assert(
        fc.asyncProperty(anyBodyText, fc.oneof(hex, fc.string()), async (text, hashstring) => {
          const result = await parse(text, hashstring);
          expect(result.ok).toBe(false);
          expectEventOrPaybridgeError(result, 'tap');
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a signed field changed (header kept) is never accepted',
    async () => {
      const value = fc.oneof(fc.string(), fc.integer(), fc.constant(null));
      const signed = fc.oneof(
        value.map(setAt('id')),
        value.map(setAt('status')),
        value.map(setAt('currency')),
        value.map(setAt('created', 'x')),
        value.map(setAt('updated', 'x')),
        value.map(setAt('reference.gateway', 'x')),
        value.map(setAt('reference.payment', 'x')),
        value.map(setAt('transaction.created', 'x')),
      );
      await fc.assert(
        fc.asyncProperty(fixture, signed, async (f, change) => {
          const original = JSON.parse(f.body) as Record<string, unknown>;
          const text = rewrite(f.body, change);
          const after = JSON.parse(text) as Record<string, unknown>;
          // Only a change to a field this object's recipe signs counts (refunds and invoices differ).
          const kind = String(original['object']);
          const signedPaths =
            kind === 'invoice'
              ? ['id', 'status', 'currency', 'created', 'updated']
              : kind === 'refund'
                ? ['id', 'status', 'currency', 'created', 'reference.gateway', 'reference.payment']
                : [
                    'id',
                    'status',
                    'currency',
                    'transaction.created',
                    'reference.gateway',
                    'reference.payment',
                  ];
          const at = (v: Record<string, unknown>, path: string) =>
            path.split('.').reduce<unknown>((o, k) => record(o)[k], v);
          const text0 = (v: unknown) => (v === undefined || v === null ? '' : String(v));
          if (signedPaths.every((p) => text0(at(original, p)) === text0(at(after, p)))) return;
          const result = await parse(text, f.hashstring);
          expect(result.ok).toBe(false);
          expectEventOrPaybridgeError(result, 'tap');
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'an unsigned field changed: the same verified outcome, or a PaybridgeError, never another one',
    async () => {
      const unsigned = fc.constantFrom(
        'metadata',
        'customer',
        'post',
        'description',
        'response',
        'source',
        'activities',
        'redirect',
        'live_mode',
        'receipt',
        'brand_new_key',
        'reference.order',
        'reference.transaction',
        'reference.track',
        'transaction.amount',
        'transaction.url',
        'charge_id',
      );
      await fc.assert(
        fc.asyncProperty(fixture, unsigned, fragment, async (f, path, replacement) => {
          const original = (await parse(f.body, f.hashstring)) as {
            ok: true;
            value: Record<string, unknown>;
          };
          let value: unknown;
          try {
            value = JSON.parse(replacement);
          } catch {
            return;
          }
          const text = rewrite(f.body, (b) => {
            const [head, tail] = path.split('.') as [string, string | undefined];
            if (tail === undefined) b[head] = value;
            else b[head] = { ...record(b[head]), [tail]: value };
          });
          const result = await parse(text, f.hashstring);
          expectEventOrPaybridgeError(result, 'tap');
          if (!result.ok) return;
          const event = result.value as Record<string, unknown>;
          for (const key of ['id', 'kind', 'status', 'amount', 'currency', 'operation', 'operationOutcome']) {
            expect(event[key], `${path} changed ${key}`).toEqual(original.value[key]);
          }
          // A refund's charge_id is unsigned: it may name another payment, and the event says so.
          if (path === 'charge_id' && original.value['object'] === 'refund')
            expect(event['coverage']).toEqual({
              paymentId: false,
              status: false,
              amount: false,
              reference: false,
            });
          else expect(event['paymentId']).toEqual(original.value['paymentId']);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'bodies at the 1 MiB limit finish (completion asserted, not speed)',
    async () => {
      const max = DEFAULT_MAX_WEBHOOK_BYTES;
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.constantFrom('string', 'deep', 'keys'),
          fc.constantFrom(0, 1),
          async (f, kind, over) => {
            const room = max - f.body.length - 64;
            const text =
              kind === 'deep'
                ? f.body.replace(/}\s*$/, `,"deep":${'['.repeat(room >> 1)}${']'.repeat(room >> 1)}}`)
                : rewrite(f.body, (b) => {
                    if (kind === 'string') b['description'] = 'x'.repeat(room);
                    else
                      b['metadata'] = Object.fromEntries(
                        Array.from({ length: Math.floor(room / 16) }, (_, i) => [`k${i}`, i]),
                      );
                  });
            const sized = padJsonTo(text, max + over);
            const result = await parse(sized, f.hashstring);
            if (Buffer.byteLength(sized) > max) expect(result.ok).toBe(false);
            expectEventOrPaybridgeError(result, 'tap');
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
