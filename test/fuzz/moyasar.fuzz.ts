/**
 * Moyasar parseWebhook under fuzzing. Moyasar's only proof of origin is `secret_token` in the body
 * (no signature covers the rest of the body), so "the signed part" here is that token: a body whose
 * token was changed, removed or retyped is never accepted; any other mutation yields an event or
 * a PaybridgeError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookVerificationError } from '../../src/core/errors';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../src/core/webhook-input';
import { createMoyasar } from '../../src/providers/moyasar/index';
import { anyBodyText, prototypeSnapshot } from './arbitraries';
import { outcome } from './assert';
import { byteMutation, jsonMutation, mutateBytes, mutateJson } from './mutations';
import { expectEventOrPaybridgeError, padJsonTo } from './provider-checks';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

const SECRET = 'fuzz-moyasar-webhook-secret-77c1';
const moyasar = createMoyasar({ secretKey: 'sk_test_fuzz0000000000', webhookSecret: SECRET });
const dir = new URL('../fixtures/moyasar/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.startsWith('webhook-') && f.endsWith('.json'))
  .map((f) => {
    const body = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Record<string, unknown>;
    return JSON.stringify({ ...body, secret_token: SECRET });
  });
const fixture = fc.constantFrom(...fixtures);
const parse = (body: string | Uint8Array) => outcome(() => moyasar.parseWebhook({ body, headers: {} }));

describe('fuzz: moyasar parseWebhook', () => {
  it('has webhook fixtures, and each one is accepted as is', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    for (const text of fixtures) expect((await parse(text)).ok).toBe(true);
  });

  it(
    'every fixture with random JSON mutations (token kept): an event or a PaybridgeError, prototypes untouched',
    async () => {
      const before = prototypeSnapshot();
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(jsonMutation, { minLength: 1, maxLength: 4 }),
          async (text, mutations) => {
            const result = await parse(mutateJson(text, mutations));
            seen[result.ok ? 'accepted' : 'refused']++;
            expectEventOrPaybridgeError(result, 'moyasar');
          },
        ),
        fcParams(),
      );
      expect(prototypeSnapshot()).toBe(before);
      // Both outcomes must be exercised, or the property tests less than it claims.
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
          async (text, mutations) => {
            expectEventOrPaybridgeError(await parse(mutateBytes(Buffer.from(text), mutations)), 'moyasar');
          },
        ),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'random JSON with the right token spliced in: an event or a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyBodyText, fc.boolean(), async (text, withToken) => {
          const body =
            withToken && text.startsWith('{')
              ? `{"secret_token":${JSON.stringify(SECRET)},${text.slice(1)}`
              : text;
          expectEventOrPaybridgeError(await parse(body), 'moyasar');
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a body whose secret_token was changed, removed or retyped, or whose mode was flipped, is never accepted',
    async () => {
      const wrongToken = fc.oneof(
        fc.string().filter((s) => s !== SECRET),
        fc.constantFrom(
          SECRET.toUpperCase(),
          `${SECRET} `,
          ` ${SECRET}`,
          SECRET.slice(0, -1),
          `${SECRET}x`,
          '',
        ),
        fc
          .nat({ max: SECRET.length - 1 })
          .map((i) => `${SECRET.slice(0, i)}${SECRET[i] === 'a' ? 'b' : 'a'}${SECRET.slice(i + 1)}`),
      );
      const tamper = fc.oneof(
        wrongToken.map((token) => (b: Record<string, unknown>) => ({ ...b, secret_token: token })),
        fc.constantFrom<(b: Record<string, unknown>) => Record<string, unknown>>(
          ({ secret_token: _drop, ...rest }) => rest,
          (b) => ({ ...b, secret_token: null }),
          (b) => ({ ...b, secret_token: 12345 }),
          (b) => ({ ...b, secret_token: [SECRET] }),
          (b) => ({ ...b, secret_token: { value: SECRET } }),
          (b) => ({ ...b, live: true }),
        ),
      );
      await fc.assert(
        fc.asyncProperty(fixture, tamper, async (text, change) => {
          const result = await parse(JSON.stringify(change(JSON.parse(text) as Record<string, unknown>)));
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error).toBeInstanceOf(WebhookVerificationError);
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'authenticated bodies at the 1 MiB limit finish (completion asserted, not speed)',
    async () => {
      const max = DEFAULT_MAX_WEBHOOK_BYTES;
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.constantFrom('string', 'deep', 'keys'),
          fc.constantFrom(0, 1),
          async (text, kind, over) => {
            const body = JSON.parse(text) as Record<string, unknown>;
            const data = (body['data'] ?? {}) as Record<string, unknown>;
            const room = max - text.length - 64;
            if (kind === 'string') data['description'] = 'x'.repeat(room);
            else if (kind === 'keys')
              data['metadata'] = Object.fromEntries(
                Array.from({ length: Math.floor(room / 16) }, (_, i) => [`k${i}`, i]),
              );
            const json =
              kind === 'deep'
                ? JSON.stringify({ ...body, data }).replace(
                    /}$/,
                    `,"deep":${'['.repeat(room >> 1)}${']'.repeat(room >> 1)}}`,
                  )
                : JSON.stringify({ ...body, data });
            const sized = padJsonTo(json, max + over);
            const result = await parse(sized);
            if (Buffer.byteLength(sized) > max) expect(result.ok).toBe(false);
            expectEventOrPaybridgeError(result, 'moyasar');
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
