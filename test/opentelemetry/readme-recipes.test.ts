/**
 * The README's Observability recipes, as written: the request hooks logging every attempt, and
 * `instrument()` through the global tracer and meter providers (the SDK's in-memory exporters
 * registered as an application's SDK would register its own), against msw's Moyasar.
 */
import { metrics, trace } from '@opentelemetry/api';
import { setupServer } from 'msw/node';
import {
  createMemoryStore,
  createReconciler,
  createWebhookHandler,
  type DeliveredEvent,
  type PaymentEvent,
} from 'paybridge';
import { createMoyasar, type MoyasarWebhookEvent } from 'paybridge/moyasar';
import { instrument } from 'paybridge/opentelemetry';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { mockMoyasar } from 'paybridge/testing/msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { telemetry } from '../helpers/otel';
import { expectCopiedAsWritten } from '../helpers/readme-recipe';

const api = mockMoyasar();
const server = setupServer(...api.handlers);
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  vi.stubEnv('MOYASAR_SECRET_KEY', TEST_CREDENTIALS.moyasar.secretKey);
  vi.stubEnv('MOYASAR_WEBHOOK_SECRET', TEST_CREDENTIALS.moyasar.webhookSecret);
});
afterEach(() => {
  vi.useRealTimers();
  api.reset();
});
afterAll(() => {
  server.close();
  vi.unstubAllEnvs();
  trace.disable();
  metrics.disable();
});

const link = { amount: 2_500, currency: 'SAR', reference: 'order-recipe-1', description: 'Order 1' };

describe('README: request hooks', () => {
  it('is copied here as written', () => expectCopiedAsWritten('hooks', import.meta.url));

  it('logs each attempt: a 503 retried, then the answer', async () => {
    const log = { info: vi.fn<(line: string) => void>(), warn: vi.fn<(line: string) => void>() };
    // ---- README recipe: hooks ----
    const moyasar = createMoyasar({
      hooks: {
        onResponse: ({ provider, operation, method, url, attempt, status, error, durationMs }) =>
          log.info(
            `${provider} ${operation}: ${method} ${url} #${attempt} → ${status ?? error} in ${Math.round(durationMs)} ms`,
          ),
        onRetry: ({ provider, operation, attempt, previousStatus, previousError, delayMs }) =>
          log.warn(
            `${provider} ${operation}: attempt ${attempt} after ${previousStatus ?? previousError}, ${Math.round(delayMs)} ms later`,
          ),
      },
    });
    // ---- end of README recipe ----
    const created = await moyasar.createPaymentLink(link);
    api.failNext({ status: 503 });
    await moyasar.getPayment(created.id);
    const lines = log.info.mock.calls.map(([line]) => line.replace(/in \d+ ms/, 'in N ms'));
    expect(lines).toEqual([
      'moyasar createPaymentLink: POST https://api.moyasar.com/v1/invoices #1 → 201 in N ms',
      `moyasar getPayment: GET https://api.moyasar.com/v1/invoices/${created.id} #1 → 503 in N ms`,
      `moyasar getPayment: GET https://api.moyasar.com/v1/invoices/${created.id} #2 → 200 in N ms`,
    ]);
    expect(log.warn.mock.calls.map(([line]) => line.replace(/, \d+ ms later/, ''))).toEqual([
      'moyasar getPayment: attempt 2 after 503',
    ]);
    const everything = JSON.stringify([log.info.mock.calls, log.warn.mock.calls]);
    expect(everything).not.toContain(TEST_CREDENTIALS.moyasar.secretKey);
    expect(everything).not.toContain(link.reference);
  });
});

describe('README: OpenTelemetry', () => {
  it('is copied here as written', () => expectCopiedAsWritten('opentelemetry', import.meta.url));

  it('through the global providers: client spans, a webhook span, a reconcile span and their counts', async () => {
    // The reconciler reads Date.now as it is when created: only the date is fake, from here on.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sdk = telemetry();
    trace.setGlobalTracerProvider(sdk.tracerProvider);
    metrics.setGlobalMeterProvider(sdk.meterProvider);
    const delivered: [string, string][] = [];
    // The handler's events and the reconciler's payment events: one function for both.
    const onEvent = (event: DeliveredEvent<MoyasarWebhookEvent> | DeliveredEvent<PaymentEvent>) => {
      delivered.push([event.kind === 'payment' ? event.paymentId : event.kind, event.source]);
    };
    // ---- README recipe: opentelemetry ----
    const otel = instrument(); // after your OpenTelemetry SDK has started
    const moyasar = createMoyasar({ hooks: otel.hooks });
    const store = createMemoryStore();
    const handler = createWebhookHandler({ provider: moyasar, store, onEvent, onOutcome: otel.onOutcome });
    const reconciler = createReconciler({ provider: moyasar, store, onEvent, onOutcome: otel.onOutcome });
    // ---- end of README recipe ----

    // One link paid with its webhook; another paid whose webhook never comes.
    const first = await moyasar.createPaymentLink(link);
    await api.pay(first.id);
    const webhook = await moyasarWebhook({ status: 'succeeded', invoiceId: first.id, paymentId: 'pay_r1' });
    expect((await handler.handle(webhook)).status).toBe(200);
    const second = await moyasar.createPaymentLink({ ...link, reference: 'order-recipe-2' });
    await api.pay(second.id);
    await reconciler.track(second);
    vi.setSystemTime(Date.now() + 11 * 60_000); // past olderThanMs (10 minutes)
    expect(await reconciler.run()).toMatchObject({ checked: 1, finalised: 1 });
    expect(delivered).toEqual([
      [first.id, 'webhook'],
      [second.id, 'reconciliation'],
    ]);

    const spans = sdk.spans();
    // The two creates, the webhook (its signature covers the payment: no lookup), the reconciler's lookup.
    expect(spans.map((s) => s.name)).toEqual(['POST', 'webhook moyasar', 'POST', 'GET', 'reconcile moyasar']);
    expect(spans.find((s) => s.name === 'webhook moyasar')!.attributes).toMatchObject({
      'paybridge.webhook.outcome': 'processed',
      'paybridge.webhook.source': 'webhook',
    });
    expect(spans.find((s) => s.name === 'reconcile moyasar')!.attributes).toMatchObject({
      'paybridge.webhook.outcome': 'processed',
      'paybridge.webhook.source': 'reconciliation',
    });
    const counts = await sdk.points('paybridge.webhook.outcomes');
    expect(counts.map((p) => [p.attributes['paybridge.webhook.source'], p.value]).sort()).toEqual([
      ['reconciliation', 1],
      ['webhook', 1],
    ]);
    await sdk.shutdown();
  });
});
