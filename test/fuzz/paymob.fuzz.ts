/**
 * Paymob parseWebhook and parseRedirect under fuzzing. Paymob signs 20 fields of the transaction
 * (or 8 of a card token), not the body, and puts the HMAC in the callback URL: a mutated body whose
 * signed message changed is never accepted, whatever else happened to it; any other mutation
 * yields an event or a PaybridgeError, and no prototype is touched.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/core/errors';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../src/core/webhook-input';
import { createPaymob } from '../../src/providers/paymob/index';
import {
  paymobCardTokenMessage,
  paymobRedirectMessage,
  paymobTransactionMessage,
} from '../../src/providers/paymob/signature';
import { paymobTransactionObject } from '../../src/testing/webhooks/paymob';
import { anyBodyText, prototypeSnapshot } from './arbitraries';
import { outcome } from './assert';
import { byteMutation, jsonMutation, mutateBytes, mutateJson } from './mutations';
import { expectEventOrPaybridgeError, padJsonTo } from './provider-checks';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

const SECRET = 'fuzz-paymob-hmac-secret-2b7e';
const paymob = createPaymob({ webhookSecret: SECRET });
const sign = (message: string) => createHmac('sha512', SECRET).update(message).digest('hex');

/** The signed message of a callback body, or undefined when it has none (not JSON, no obj, unrenderable). */
function messageOf(text: string): string | undefined {
  return messagesOf(text)[0];
}

/**
 * Every message a recipe could verify a body with: its own type's first (a body without a known
 * type is tried with the transaction recipe, then the card-token one, as the adapter does).
 */
function messagesOf(text: string): string[] {
  let body: { type?: unknown; obj?: unknown };
  try {
    body = JSON.parse(text) as { type?: unknown; obj?: unknown };
  } catch {
    return [];
  }
  if (typeof body !== 'object' || body === null) return [];
  const obj = body.obj;
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [];
  const recipes =
    body.type === 'TOKEN'
      ? [paymobCardTokenMessage]
      : body.type === 'TRANSACTION'
        ? [paymobTransactionMessage]
        : [paymobTransactionMessage, paymobCardTokenMessage];
  const out: string[] = [];
  for (const recipe of recipes) {
    try {
      out.push(recipe(obj as Record<string, unknown>));
    } catch {
      // a signed field that cannot be rendered: that recipe verifies nothing
    }
  }
  return out;
}

const fixtureDir = new URL('../fixtures/paymob/', import.meta.url);
const bodies: string[] = [
  readFileSync(new URL('transaction_processed_callback_card_success.json', fixtureDir), 'utf8'),
  readFileSync(new URL('card_token_callback.json', fixtureDir), 'utf8'),
  ...(
    ['succeeded', 'failed', 'pending', 'authorized', 'canceled', 'refunded', 'partially_refunded'] as const
  ).map((status) =>
    JSON.stringify({
      type: 'TRANSACTION',
      obj: paymobTransactionObject({ status, reference: `fz-${status}` }),
    }),
  ),
  JSON.stringify({
    type: 'TRANSACTION',
    obj: paymobTransactionObject({ flags: { success: true, has_parent_transaction: true, is_refund: true } }),
  }),
];
const fixtures = bodies.map((body) => ({
  body,
  message: messageOf(body)!,
  url: `/hooks/paymob?hmac=${sign(messageOf(body)!)}`,
}));
const fixture = fc.constantFrom(...fixtures);
const parse = (body: string | Uint8Array, url: string) => outcome(() => paymob.parseWebhook({ body, url }));

describe('fuzz: paymob parseWebhook', () => {
  it('has fixtures, and each one is accepted as is', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9);
    for (const f of fixtures) expect((await parse(f.body, f.url)).ok).toBe(true);
  });

  it(
    'random JSON mutations (URL kept): an event or a PaybridgeError; never accepted once the signed message changed',
    async () => {
      const before = prototypeSnapshot();
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(jsonMutation, { minLength: 1, maxLength: 4 }),
          async (f, mutations) => {
            const text = mutateJson(f.body, mutations);
            const result = await parse(text, f.url);
            seen[result.ok ? 'accepted' : 'refused']++;
            expectEventOrPaybridgeError(result, 'paymob');
            // Accepted only while some recipe still signs exactly what was signed.
            if (!messagesOf(text).includes(f.message)) expect(result.ok).toBe(false);
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
    'random byte mutations: an event or a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
          async (f, mutations) => {
            expectEventOrPaybridgeError(
              await parse(mutateBytes(Buffer.from(f.body), mutations), f.url),
              'paymob',
            );
          },
        ),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'random bodies with a genuine hmac, and genuine bodies with random URLs: an event or a PaybridgeError; a wrong hmac is never accepted',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyBodyText, fixture, async (text, f) => {
          expectEventOrPaybridgeError(await parse(text, f.url), 'paymob');
        }),
        fcParams(),
      );
      const url = fc.oneof(
        fc.string(),
        fc.webUrl({ withQueryParameters: true }),
        fc.stringMatching(/^[0-9a-f]{128}$/).map((h) => `/hooks?hmac=${h}`),
      );
      await fc.assert(
        fc.asyncProperty(fixture, url, async (f, u) => {
          const result = await parse(f.body, u);
          expectEventOrPaybridgeError(result, 'paymob');
          if (!u.includes(sign(f.message))) {
            expect(result.ok).toBe(false);
            if (!result.ok && !(result.error instanceof WebhookVerificationError)) {
              expect((result.error as { reason?: string }).reason).toBe('invalid_url');
            }
          }
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
          fc.constantFrom('string', 'deep'),
          fc.constantFrom(0, 1),
          async (f, kind, over) => {
            const room = max - f.body.length - 64;
            const padding =
              kind === 'string'
                ? JSON.stringify('x'.repeat(room))
                : `${'['.repeat(room >> 1)}${']'.repeat(room >> 1)}`;
            const sized = padJsonTo(f.body.replace(/}\s*$/, `,"pad":${padding}}`), max + over);
            const result = await parse(sized, f.url);
            if (Buffer.byteLength(sized) > max) expect(result.ok).toBe(false);
            expectEventOrPaybridgeError(result, 'paymob');
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('fuzz: paymob parseRedirect', () => {
  const query = () => {
    const obj = paymobTransactionObject({ transactionId: 11, orderId: 12, reference: 'fz' });
    const q = new URLSearchParams({
      id: '11',
      order: '12',
      amount_cents: String(obj['amount_cents']),
      created_at: String(obj['created_at']),
      currency: 'EGP',
      success: 'true',
      pending: 'false',
      'source_data.pan': '2346',
    });
    q.set('hmac', sign(paymobRedirectMessage(q)));
    return q;
  };

  it(
    'random parameters set or removed: an event or a PaybridgeError; never accepted once the signed message changed',
    async () => {
      const change = fc.record({
        key: fc.oneof(
          fc.constantFrom(
            'id',
            'order',
            'order_id',
            'success',
            'amount_cents',
            'currency',
            'merchant_order_id',
            'hmac',
          ),
          fc.string({ maxLength: 8 }),
        ),
        value: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 3 }), async (changes) => {
          const q = query();
          const original = paymobRedirectMessage(q);
          const hmac = q.get('hmac');
          for (const c of changes) {
            if (c.value === undefined) q.delete(c.key);
            else q.set(c.key, c.value);
          }
          const result = await outcome(() => paymob.parseRedirect(q));
          expectEventOrPaybridgeError(result, 'paymob');
          if (paymobRedirectMessage(q) !== original || q.get('hmac') !== hmac) expect(result.ok).toBe(false);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
