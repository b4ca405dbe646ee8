/**
 * A webhooks-only provider in `createWebhookHandler`: it has no `getPayment`, so events whose
 * status the signature covers are processed, and with `confirm: 'never'` every verified event is,
 * unconfirmed. Under the default `confirm: 'unverified'`, an event that needs confirming is
 * answered 500 `configuration_error` (core/delivery.ts: no getPayment() for the policy), its claim
 * released so that the provider's retry (after a fix) processes it, and `onEvent` never runs.
 */
import { createMemoryStore, createWebhookHandler, type DeliveredEvent } from 'paybridge';
import { createMoyasarWebhooks } from 'paybridge/moyasar/webhooks';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import { describe, expect, it } from 'vitest';
import { FIXTURE_WEBHOOK_SECRET, fixtureText as moyasarText } from '../providers/moyasar/helpers';
import { TAP_SHARED_TEST_KEY, fixtureText as tapText } from '../providers/tap/helpers';

const TAP_CHARGE = {
  body: tapText('charge_captured_mada_sar_webhook.body.json'),
  headers: { hashstring: 'a5335ad4bf54b5304821eba79c74943daba772b7cae882d743257868698639f5' },
};

function recorder() {
  const events: DeliveredEvent[] = [];
  return { events, onEvent: (event: DeliveredEvent) => void events.push(event) };
}

describe('createWebhookHandler with a webhooks-only provider', () => {
  it('Moyasar (the secret token covers every field): processed under the default confirm policy', async () => {
    const { events, onEvent } = recorder();
    const handler = createWebhookHandler({
      provider: createMoyasarWebhooks({ webhookSecret: FIXTURE_WEBHOOK_SECRET }),
      onEvent,
    });
    const result = await handler.handle({ body: moyasarText('webhook-payment-paid') });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ received: true });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ provider: 'moyasar', status: 'succeeded', confirmed: false });
  });

  it("Tap with confirm: 'never': the verified event is handed over unconfirmed, its coverage says what was signed", async () => {
    const { events, onEvent } = recorder();
    const handler = createWebhookHandler({
      provider: createTapWebhooks({ secretKey: TAP_SHARED_TEST_KEY }),
      confirm: 'never',
      onEvent,
    });
    const result = await handler.handle(TAP_CHARGE);
    expect(result.status).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      provider: 'tap',
      status: 'succeeded',
      confirmed: false,
      coverage: { paymentId: true, status: true, amount: true, reference: false },
    });
  });

  it("Tap under the default confirm: 'unverified': 500 configuration_error, onEvent not called, the claim released", async () => {
    const { events, onEvent } = recorder();
    const store = createMemoryStore();
    const errors: unknown[] = [];
    const handler = createWebhookHandler({
      provider: createTapWebhooks({ secretKey: TAP_SHARED_TEST_KEY }),
      store,
      onEvent,
      onError: (error) => void errors.push(error),
    });
    const result = await handler.handle(TAP_CHARGE);
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error' });
    expect(result.error).toMatchObject({
      name: 'ConfigurationError',
      code: 'invalid_option',
      message: "The tap provider has no getPayment(), which confirm: 'unverified' needs.",
    });
    expect(events).toEqual([]);
    expect(errors).toHaveLength(1);

    // The claim was released: once the endpoint is fixed (confirm: 'never'), the retry is processed.
    const fixed = createWebhookHandler({
      provider: createTapWebhooks({ secretKey: TAP_SHARED_TEST_KEY }),
      store,
      confirm: 'never',
      onEvent,
    });
    expect((await fixed.handle(TAP_CHARGE)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("confirm: 'always' asks for getPayment() on every payment event: 500 configuration_error, even for Moyasar", async () => {
    const { onEvent } = recorder();
    const handler = createWebhookHandler({
      provider: createMoyasarWebhooks({ webhookSecret: FIXTURE_WEBHOOK_SECRET }),
      confirm: 'always',
      onEvent,
    });
    const result = await handler.handle({ body: moyasarText('webhook-payment-paid') });
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'configuration_error' });
  });
});
