/**
 * The README's "Webhooks only" recipe, as written: a Tap webhooks-only provider in
 * `createWebhookHandler` with `confirm: 'never'`, reading TAP_SECRET_KEY, fed Tap's documented
 * captured-charge webhook (then again, then forged).
 */
import { createWebhookHandler } from 'paybridge';
import { signTapWebhook } from 'paybridge/tap';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectCopiedAsWritten } from '../helpers/readme-recipe';
import { fixtureText, TAP_SHARED_TEST_KEY } from '../providers/tap/helpers';

const body = fixtureText('charge_captured_mada_sar_webhook.body.json');
const hashstring = 'a5335ad4bf54b5304821eba79c74943daba772b7cae882d743257868698639f5';

beforeAll(() => vi.stubEnv('TAP_SECRET_KEY', TAP_SHARED_TEST_KEY));
afterAll(() => vi.unstubAllEnvs());

describe('README: webhooks only', () => {
  it('is copied here as written', () => expectCopiedAsWritten('webhooks-only', import.meta.url));

  it('records the verified payment once; a forged copy is refused', async () => {
    const recorded: [string, string][] = [];
    const payments = {
      record: async (paymentId: string, status: string) => void recorded.push([paymentId, status]),
    };
    // ---- README recipe: webhooks-only ----
    const handler = createWebhookHandler({
      provider: createTapWebhooks(), // TAP_SECRET_KEY: Tap signs webhooks with the secret key
      confirm: 'never',
      onEvent: async (event) => {
        // Only what the signature covered: not Tap's refunds, whose charge id is unsigned.
        if (event.kind === 'payment' && event.coverage.paymentId && event.coverage.status) {
          await payments.record(event.paymentId, event.status);
        }
      },
    });
    // ---- end of README recipe ----
    expect((await handler.handle({ body, headers: { hashstring } })).status).toBe(200);
    expect((await handler.handle({ body, headers: { hashstring } })).body).toEqual({
      received: true,
      duplicate: true,
    });
    const forged = await handler.handle({ body, headers: { hashstring: hashstring.replace(/^a/, 'b') } });
    expect(forged.status).toBe(401);
    expect(recorded).toEqual([[JSON.parse(body).id, 'succeeded']]);

    // A genuinely signed refund replayed with another charge's id: it verifies (charge_id is not
    // signed), and the recipe does not act on it.
    const refund = JSON.stringify({
      id: 're_TS01A0000000000000000001',
      object: 'refund',
      status: 'REFUNDED',
      amount: 10,
      currency: 'SAR',
      charge_id: 'chg_TS_VICTIM',
      created: 1700000000000,
      reference: {},
      response: { code: '100', message: 'Refunded' },
    });
    const signed = await signTapWebhook(TAP_SHARED_TEST_KEY, refund);
    const replayed = refund.replace('chg_TS_VICTIM', 'chg_TS_OTHER');
    expect((await handler.handle({ body: replayed, headers: { hashstring: signed } })).status).toBe(200);
    expect(recorded).toEqual([[JSON.parse(body).id, 'succeeded']]);
  });
});
