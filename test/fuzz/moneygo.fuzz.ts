/**
 * Money-Go parseWebhook under fuzzing. The body's `signature` is the checkout signature over
 * wallet_to, wallet_from, amount and payment_id (and the form secret): those are the signed part,
 * and a body where any of them changed is never accepted. `status` is NOT covered (documented in
 * src/providers/moneygo/webhooks.ts): a status change is accepted by design, and confirmWebhook is
 * the documented way to trust it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookParseError, WebhookVerificationError } from '../../src/core/errors';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../src/core/webhook-input';
import { createMoneyGo } from '../../src/providers/moneygo/index';
import { checkoutSignatureText } from '../../src/providers/moneygo/signature';
import { anyBodyText, prototypeSnapshot, randomBytes } from './arbitraries';
import { outcome } from './assert';
import { byteMutation, jsonMutation, mutateBytes, mutateJson, sameBytes } from './mutations';
import { expectEventOrPaybridgeError, padJsonTo } from './provider-checks';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

const FORM_SECRET = 'fuzz-moneygo-form-secret-2e6b';
const moneygo = createMoneyGo({
  clientId: 'c',
  clientSecret: 'fuzz-client-secret',
  formSecret: FORM_SECRET,
  walletTo: 'U155332',
});
const seed = JSON.parse(
  readFileSync(new URL('../fixtures/moneygo/webhook.seed.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

/** A correctly signed webhook for these signed fields (amount as the minimal decimal Money-Go signs). */
function signedBody(
  fields: { walletTo: string; walletFrom: string; amount: string; id: string },
  extra: Record<string, unknown> = {},
) {
  const signature = createHash('sha256').update(checkoutSignatureText(fields, FORM_SECRET)).digest('hex');
  return {
    ...seed,
    ...extra,
    wallet_to: fields.walletTo,
    wallet_from: fields.walletFrom,
    payment_id: fields.id,
    amount: Number(fields.amount),
    signature,
  };
}

const wallet = fc.stringMatching(/^U[0-9]{3,9}$/);
const minimalAmount = fc
  .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 99 }))
  .filter(([w, f]) => w + f > 0)
  .map(([w, f]) => (f === 0 ? String(w) : `${w}.${String(f).padStart(2, '0').replace(/0$/, '')}`));
const signedFields = fc.record({
  walletTo: wallet,
  walletFrom: wallet,
  amount: minimalAmount,
  id: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s !== ''),
});
const parse = (body: string | Uint8Array) => outcome(() => moneygo.parseWebhook({ body, headers: {} }));
const seedBody = JSON.stringify(
  signedBody({ walletTo: 'U155332', walletFrom: 'U127056', amount: '1', id: String(seed['payment_id']) }),
);

describe('fuzz: moneygo parseWebhook', () => {
  it('random correctly signed webhooks are accepted with exactly the signed fields', async () => {
    await fc.assert(
      fc.asyncProperty(signedFields, async (fields) => {
        const result = await parse(JSON.stringify(signedBody(fields)));
        expect(result.ok).toBe(true);
        if (result.ok) {
          const event = result.value as { walletTo: string; walletFrom: string; reference: string };
          expect([event.walletTo, event.walletFrom, event.reference]).toEqual([
            fields.walletTo,
            fields.walletFrom,
            fields.id,
          ]);
        }
      }),
      fcParams(),
    );
  });

  it(
    'a signed body whose wallet_to, wallet_from, amount or payment_id changed is never accepted',
    async () => {
      const change = fc.oneof(
        fc.tuple(fc.constant('wallet_to'), wallet),
        fc.tuple(fc.constant('wallet_from'), wallet),
        fc.tuple(fc.constant('payment_id'), fc.string({ minLength: 1, maxLength: 40 })),
        fc.tuple(fc.constant('amount'), minimalAmount.map(Number)),
        fc.tuple(fc.constant('amount'), fc.constantFrom(0.001, -1, 1e21, 2 ** 53 + 2, '1', null)),
      );
      await fc.assert(
        fc.asyncProperty(signedFields, change, async (fields, [key, value]) => {
          const body = signedBody(fields);
          fc.pre(
            String(body[key]).trim().toUpperCase() !== String(value).trim().toUpperCase() &&
              body[key] !== value,
          );
          const result = await parse(JSON.stringify({ ...body, [key]: value }));
          expect(result.ok).toBe(false);
          if (!result.ok)
            expect([WebhookVerificationError, WebhookParseError].some((c) => result.error instanceof c)).toBe(
              true,
            );
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'the seed with random JSON and byte mutations: an event or a PaybridgeError, prototypes untouched',
    async () => {
      const before = prototypeSnapshot();
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.array(jsonMutation, { minLength: 1, maxLength: 4 }).map((m) => mutateJson(seedBody, m)),
            fc
              .array(byteMutation, { minLength: 1, maxLength: 3 })
              .map((m) => mutateBytes(Buffer.from(seedBody), m)),
          ),
          async (body) => {
            const result = await parse(body);
            seen[result.ok ? 'accepted' : 'refused']++;
            expectEventOrPaybridgeError(result, 'moneygo');
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
    'byte changes inside the signed fields are never accepted',
    async () => {
      const bytes = Buffer.from(seedBody);
      const text = seedBody;
      // Byte ranges of the signed values in the seed body.
      const ranges = ['"wallet_to":"', '"wallet_from":"', '"payment_id":"', '"amount":'].map((k) => {
        const start = text.indexOf(k) + k.length;
        const end = k.endsWith('"') ? text.indexOf('"', start) : text.slice(start).search(/[,}]/) + start;
        return [start, end] as const;
      });
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ranges),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          async ([start, end], at, xor) => {
            const mutated = Uint8Array.from(bytes);
            const i = start + (at % (end - start));
            mutated[i] = mutated[i]! ^ xor;
            fc.pre(!sameBytes(mutated, bytes));
            const result = await parse(mutated);
            if (result.ok) {
              // Only a change that leaves the value the same (e.g. an equivalent JSON escape) may pass.
              const event = result.value as {
                walletTo: string;
                walletFrom: string;
                reference: string;
                amount: number;
              };
              expect([event.walletTo, event.walletFrom, event.reference, event.amount]).toEqual([
                'U155332',
                'U127056',
                String(seed['payment_id']),
                100,
              ]);
            }
          },
        ),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'random bytes and random JSON: an event or a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(randomBytes, anyBodyText), async (body) => {
          expectEventOrPaybridgeError(await parse(body), 'moneygo');
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'signed bodies at the 1 MiB limit finish (completion asserted, not speed)',
    async () => {
      const max = DEFAULT_MAX_WEBHOOK_BYTES;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('string', 'deep', 'keys'),
          fc.constantFrom(0, 1),
          async (kind, over) => {
            const room = max - seedBody.length - 64;
            const extra =
              kind === 'string'
                ? JSON.stringify('x'.repeat(room))
                : kind === 'deep'
                  ? `${'['.repeat(room >> 1)}${']'.repeat(room >> 1)}`
                  : JSON.stringify(
                      Object.fromEntries(
                        Array.from({ length: Math.floor(room / 16) }, (_, i) => [`k${i}`, i]),
                      ),
                    );
            const sized = padJsonTo(seedBody.replace(/}$/, `,"extra":${extra}}`), max + over);
            const result = await parse(sized);
            if (Buffer.byteLength(sized) > max) expect(result.ok).toBe(false);
            expectEventOrPaybridgeError(result, 'moneygo');
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
