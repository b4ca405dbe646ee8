/**
 * MoneyHash parseWebhook under fuzzing. The v3 signature covers the exact body bytes and the
 * timestamp: a body or header changed after signing is never accepted; a body mutated and then
 * signed correctly yields an event or a PaybridgeError.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookParseError, WebhookVerificationError } from '../../src/core/errors';
import { DEFAULT_MAX_WEBHOOK_BYTES } from '../../src/core/webhook-input';
import { createMoneyHash } from '../../src/providers/moneyhash/index';
import { signMoneyHashWebhook } from '../../src/providers/moneyhash/signature';
import { anyBodyText, prototypeSnapshot, randomBytes } from './arbitraries';
import { outcome } from './assert';
import { byteMutation, jsonMutation, mutateBytes, mutateJson, sameBytes } from './mutations';
import { expectEventOrPaybridgeError, padJsonTo } from './provider-checks';
import { FUZZ_TIMEOUT_MS, fcParams, HUGE_RUNS } from './runs';

const SECRET = 'fuzz-moneyhash-signature-secret-3a0d';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const now = new Date(T * 1000);
const moneyhash = createMoneyHash({
  apiKey: 'fuzz-api-key-0000',
  webhookSecret: SECRET,
  flowId: 'flow_fuzz',
});
const dir = new URL('../fixtures/moneyhash/', import.meta.url);
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.stringify(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));
const fixture = fc.constantFrom(...fixtures);
const encoder = new TextEncoder();

async function signed(body: Uint8Array | string, t = T): Promise<{ body: Uint8Array; header: string }> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  return { body: bytes, header: await signMoneyHashWebhook(SECRET, bytes, t) };
}
const parse = (body: Uint8Array | string, header: string) =>
  outcome(() => moneyhash.parseWebhook({ body, headers: { 'MoneyHash-Signature': header } }, { now }));

describe('fuzz: moneyhash parseWebhook', () => {
  it('has webhook fixtures, and each one signed is accepted', async () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(5);
    for (const text of fixtures) {
      const s = await signed(text);
      expect((await parse(s.body, s.header)).ok).toBe(true);
    }
  });

  it(
    'every fixture with random JSON mutations, signed: an event or a PaybridgeError, prototypes untouched',
    async () => {
      const before = prototypeSnapshot();
      const seen = { accepted: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.array(jsonMutation, { minLength: 1, maxLength: 4 }),
          async (text, mutations) => {
            const s = await signed(mutateJson(text, mutations));
            const result = await parse(s.body, s.header);
            seen[result.ok ? 'accepted' : 'refused']++;
            expectEventOrPaybridgeError(result, 'moneyhash');
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
    'random bytes and random JSON, signed: an event or a PaybridgeError',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(randomBytes, anyBodyText), async (body) => {
          const s = await signed(body);
          expectEventOrPaybridgeError(await parse(s.body, s.header), 'moneyhash');
        }),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a signed body changed afterwards (bytes or JSON) is never accepted',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fixture,
          fc.oneof(
            fc.array(byteMutation, { minLength: 1, maxLength: 3 }).map((m) => ({ bytes: m })),
            fc.array(jsonMutation, { minLength: 1, maxLength: 3 }).map((m) => ({ json: m })),
          ),
          async (text, change) => {
            const s = await signed(text);
            const body =
              'bytes' in change
                ? mutateBytes(s.body, change.bytes)
                : encoder.encode(mutateJson(text, change.json));
            fc.pre(!sameBytes(body, s.body));
            const result = await parse(body, s.header);
            expect(result.ok).toBe(false);
            if (!result.ok) {
              // An empty body is refused before verification; anything else fails the signature.
              const expected = body.length === 0 ? WebhookParseError : WebhookVerificationError;
              expect(result.error).toBeInstanceOf(expected);
            }
          },
        ),
        fcParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'a signature header changed afterwards (timestamp, digits, versions) is never accepted',
    async () => {
      const tamper = fc.oneof(
        fc
          .integer({ min: -10_000, max: 10_000 })
          .filter((d) => d !== 0)
          .map((d) => (h: string) => h.replace(/t=(\d+)/, (_, t: string) => `t=${Number(t) + d}`)),
        fc
          .nat({ max: 63 })
          .map(
            (i) => (h: string) =>
              h.replace(
                /v3=([0-9a-f]{64})/,
                (_, v: string) => `v3=${v.slice(0, i)}${v[i] === '0' ? '1' : '0'}${v.slice(i + 1)}`,
              ),
          ),
        fc.constantFrom<(h: string) => string>(
          (h) => h.replace(/v3=/, 'v2='),
          (h) => h.replace(/,v3=[0-9a-f]+/, ''),
          (h) => h.replace(/t=\d+,/, ''),
          (h) => h.replace(/t=(\d+)/, 't=$1.5'),
          (h) => h.replace(/t=(\d+)/, 't=-$1'),
          (h) => h.replace(/t=(\d+)/, 't=NaN'),
          (h) => h.replace(/v3=([0-9a-f]+)/, 'v3=$1$1'),
          (h) => `${h.replace(/v3=[0-9a-f]+/, `v3=${'0'.repeat(64)}`)}`,
          () => '',
        ),
      );
      await fc.assert(
        fc.asyncProperty(fixture, tamper, async (text, change) => {
          const s = await signed(text);
          const header = change(s.header);
          fc.pre(header !== s.header);
          const result = await parse(s.body, header);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error).toBeInstanceOf(WebhookVerificationError);
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
          fixture,
          fc.constantFrom('string', 'deep', 'keys'),
          fc.constantFrom(0, 1),
          async (text, kind, over) => {
            const room = max - text.length - 64;
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
            const sized = padJsonTo(text.replace(/}$/, `,"extra":${extra}}`), max + over);
            const s = await signed(sized);
            const result = await parse(s.body, s.header);
            if (s.body.length > max) expect(result.ok).toBe(false);
            expectEventOrPaybridgeError(result, 'moneyhash');
          },
        ),
        fcParams(HUGE_RUNS),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
