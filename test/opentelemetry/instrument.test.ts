/**
 * paybridge/opentelemetry against the OpenTelemetry SDK's in-memory exporters: CLIENT spans and the
 * `http.client.request.duration` histogram per attempt (semantic-conventions attribute names,
 * checked against @opentelemetry/semantic-conventions), a retried call, a 4xx, a network error and
 * a timeout, spans parented to the caller's span; a span and a `paybridge.webhook.outcomes` count
 * per webhook request and per reconciled payment; and a broken SDK that changes no outcome.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_RESEND_COUNT,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  METRIC_HTTP_CLIENT_REQUEST_DURATION,
} from '@opentelemetry/semantic-conventions';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  createMemoryStore,
  createReconciler,
  createWebhookHandler,
  NetworkError,
  ProviderError,
  TimeoutError,
} from 'paybridge';
import { createMoyasar, type MoyasarSettings } from 'paybridge/moyasar';
import { instrument } from 'paybridge/opentelemetry';
import { moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { mockMoyasar } from 'paybridge/testing/msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AsyncContextManager, type Histogram, telemetry } from '../helpers/otel';

const api = mockMoyasar();
const server = setupServer(...api.handlers);
const contextManager = new AsyncContextManager();
beforeAll(() => {
  server.listen({ onUnhandledFrame: 'error' });
  context.setGlobalContextManager(contextManager);
});
afterEach(() => {
  server.resetHandlers();
  api.reset();
});
afterAll(() => {
  server.close();
  context.disable();
});

const link = { amount: 10_500, currency: 'SAR', reference: 'order-otel-1', description: 'Order 1' };

function setup(settings: MoyasarSettings = {}) {
  const otel = telemetry();
  const hooks = instrument({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
  const moyasar = createMoyasar({
    ...TEST_CREDENTIALS.moyasar,
    retry: { limit: 2, backoffLimit: 5 },
    hooks: hooks.hooks,
    ...settings,
  });
  return { otel, hooks, moyasar };
}

describe('HTTP client spans and the request duration histogram', () => {
  it('the semantic conventions names, from @opentelemetry/semantic-conventions', () => {
    expect([
      ATTR_HTTP_REQUEST_METHOD,
      ATTR_URL_FULL,
      ATTR_SERVER_ADDRESS,
      ATTR_SERVER_PORT,
      ATTR_HTTP_RESPONSE_STATUS_CODE,
      ATTR_ERROR_TYPE,
      ATTR_HTTP_REQUEST_RESEND_COUNT,
      METRIC_HTTP_CLIENT_REQUEST_DURATION,
    ]).toEqual([
      'http.request.method',
      'url.full',
      'server.address',
      'server.port',
      'http.response.status_code',
      'error.type',
      'http.request.resend_count',
      'http.client.request.duration',
    ]);
  });

  it('a created link: one CLIENT span named after its method, and one duration in seconds', async () => {
    const { otel, moyasar } = setup();
    const created = await moyasar.createPaymentLink(link);
    const [span, ...others] = otel.spans();
    expect(others).toEqual([]);
    expect(span!.name).toBe('POST');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.instrumentationScope.name).toBe('paybridge');
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      [ATTR_HTTP_REQUEST_METHOD]: 'POST',
      [ATTR_URL_FULL]: 'https://api.moyasar.com/v1/invoices',
      [ATTR_SERVER_ADDRESS]: 'api.moyasar.com',
      [ATTR_SERVER_PORT]: 443,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 201,
      'paybridge.provider': 'moyasar',
      'paybridge.operation': 'createPaymentLink',
    });
    expect(span!.duration[0] * 1e3 + span!.duration[1] / 1e6).toBeGreaterThanOrEqual(0);

    const [point, ...more] = await otel.points<Histogram>(METRIC_HTTP_CLIENT_REQUEST_DURATION);
    expect(more).toEqual([]);
    expect(point!.attributes).toEqual({
      [ATTR_HTTP_REQUEST_METHOD]: 'POST',
      [ATTR_SERVER_ADDRESS]: 'api.moyasar.com',
      [ATTR_SERVER_PORT]: 443,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 201,
      'paybridge.provider': 'moyasar',
      'paybridge.operation': 'createPaymentLink',
    });
    expect(point!.value.count).toBe(1);
    expect(point!.value.sum).toBeLessThan(5); // seconds, not milliseconds
    expect(point!.value.buckets.boundaries).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
    ]);
    const metric = (await otel.metrics()).find(
      (m) => m.descriptor.name === METRIC_HTTP_CLIENT_REQUEST_DURATION,
    );
    expect(metric!.descriptor.unit).toBe('s');
    expect(created.id).toBeTruthy();
    await otel.shutdown();
  });

  it('a retried call: a span per attempt with resend_count, 503s as errors, and retry events on your span', async () => {
    const { otel, moyasar } = setup();
    const created = await moyasar.createPaymentLink(link);
    otel.reset();
    api.failNext({ operation: 'get', status: 503, times: 2 });
    const tracer = otel.tracerProvider.getTracer('the-shop');
    await tracer.startActiveSpan('checkout', async (checkout) => {
      await moyasar.getPayment(created.id);
      checkout.end();
    });
    const spans = otel.spans();
    const parent = spans.find((s) => s.name === 'checkout')!;
    const attempts = spans.filter((s) => s.name === 'GET');
    expect(
      attempts.map((s) => [
        s.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE],
        s.attributes[ATTR_HTTP_REQUEST_RESEND_COUNT],
        s.attributes[ATTR_ERROR_TYPE],
        s.status.code,
      ]),
    ).toEqual([
      [503, undefined, '503', SpanStatusCode.ERROR],
      [503, 1, '503', SpanStatusCode.ERROR],
      [200, 2, undefined, SpanStatusCode.UNSET],
    ]);
    for (const attempt of attempts) {
      expect(attempt.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(attempt.attributes['paybridge.operation']).toBe('getPayment');
      expect(attempt.attributes[ATTR_URL_FULL]).toBe(`https://api.moyasar.com/v1/invoices/${created.id}`);
    }
    expect(parent.events.map((e) => [e.name, e.attributes?.[ATTR_HTTP_REQUEST_RESEND_COUNT]])).toEqual([
      ['paybridge.http.retry', 1],
      ['paybridge.http.retry', 2],
    ]);
    expect(parent.events[0]!.attributes).toMatchObject({
      'paybridge.operation': 'getPayment',
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 503,
    });
    const points = await otel.points<Histogram>(METRIC_HTTP_CLIENT_REQUEST_DURATION);
    const count = (status: number, operation: string) =>
      points.find(
        (p) =>
          p.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] === status &&
          p.attributes['paybridge.operation'] === operation,
      )?.value.count;
    expect([count(503, 'getPayment'), count(200, 'getPayment')]).toEqual([2, 1]);
    expect(
      points.find((p) => p.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] === 503)!.attributes[ATTR_ERROR_TYPE],
    ).toBe('503');
    await otel.shutdown();
  });

  it('a 4xx: the status as error.type, the span an error, no retry', async () => {
    const { otel, moyasar } = setup();
    await expect(moyasar.getPayment('no-such-invoice')).rejects.toBeInstanceOf(ProviderError);
    const spans = otel.spans();
    expect(spans).toHaveLength(1);
    expect(spans[0]!.attributes).toMatchObject({
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 404,
      [ATTR_ERROR_TYPE]: '404',
      'paybridge.operation': 'getPayment',
    });
    expect(spans[0]!.status.code).toBe(SpanStatusCode.ERROR);
    await otel.shutdown();
  });

  it('a network error: error.type "network" and no status code, on every attempt', async () => {
    const { otel, moyasar } = setup();
    server.use(http.get('https://api.moyasar.com/v1/invoices/*', () => HttpResponse.error()));
    await expect(moyasar.getPayment('inv_down')).rejects.toBeInstanceOf(NetworkError);
    const spans = otel.spans();
    expect(
      spans.map((s) => [s.attributes[ATTR_ERROR_TYPE], s.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]]),
    ).toEqual([
      ['network', undefined],
      ['network', undefined],
      ['network', undefined],
    ]);
    const [point] = await otel.points<Histogram>(METRIC_HTTP_CLIENT_REQUEST_DURATION);
    expect(point!.attributes[ATTR_ERROR_TYPE]).toBe('network');
    expect(point!.value.count).toBe(3);
    await otel.shutdown();
  });

  it('a timeout: error.type "timeout"', async () => {
    const { otel, moyasar } = setup({
      retry: false,
      timeoutMs: 30,
      fetch: () => new Promise<Response>(() => {}),
    });
    await expect(moyasar.getPayment('inv_slow')).rejects.toBeInstanceOf(TimeoutError);
    expect(otel.spans().map((s) => s.attributes[ATTR_ERROR_TYPE])).toEqual(['timeout']);
    await otel.shutdown();
  });
});

describe('webhook outcomes', () => {
  it('a span and a count per request: processed, duplicate, refused with its reason', async () => {
    const otel = telemetry();
    const { onOutcome } = instrument({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    const handler = createWebhookHandler({
      provider: createMoyasar(TEST_CREDENTIALS.moyasar),
      onEvent: () => {},
      onOutcome,
    });
    const webhook = await moyasarWebhook({ status: 'succeeded', invoiceId: 'inv_w1', paymentId: 'pay_w1' });
    await handler.handle(webhook);
    await handler.handle(webhook);
    await handler.handle({
      ...webhook,
      body: webhook.body.replace(/"secret_token":"[^"]*"/, '"secret_token":"x"'),
    });
    const spans = otel.spans();
    expect(spans.map((s) => [s.name, s.kind, s.attributes['paybridge.webhook.outcome']])).toEqual([
      ['webhook moyasar', SpanKind.INTERNAL, 'processed'],
      ['webhook moyasar', SpanKind.INTERNAL, 'duplicate'],
      ['webhook moyasar', SpanKind.INTERNAL, 'refused'],
    ]);
    expect(spans[0]!.attributes).toMatchObject({
      'paybridge.provider': 'moyasar',
      'paybridge.webhook.source': 'webhook',
      'paybridge.webhook.verified': true,
      'paybridge.webhook.confirmed': false,
      'paybridge.webhook.stale': false,
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 200,
      'paybridge.event.kind': 'payment',
      'paybridge.payment.id': 'inv_w1',
    });
    expect(spans[2]!.attributes).toMatchObject({
      'paybridge.webhook.reason': 'bad_signature',
      'paybridge.webhook.verified': false,
      [ATTR_ERROR_TYPE]: 'verification_failed',
      [ATTR_HTTP_RESPONSE_STATUS_CODE]: 401,
    });
    expect(spans[2]!.status.code).toBe(SpanStatusCode.UNSET);
    const points = await otel.points('paybridge.webhook.outcomes');
    expect(points.map((p) => [p.attributes, p.value])).toEqual(
      expect.arrayContaining([
        [
          {
            'paybridge.provider': 'moyasar',
            'paybridge.webhook.outcome': 'processed',
            'paybridge.webhook.source': 'webhook',
          },
          1,
        ],
        [
          {
            'paybridge.provider': 'moyasar',
            'paybridge.webhook.outcome': 'duplicate',
            'paybridge.webhook.source': 'webhook',
          },
          1,
        ],
        [
          {
            'paybridge.provider': 'moyasar',
            'paybridge.webhook.outcome': 'refused',
            'paybridge.webhook.reason': 'bad_signature',
            'paybridge.webhook.source': 'webhook',
          },
          1,
        ],
      ]),
    );
    expect(points).toHaveLength(3);
    await otel.shutdown();
  });

  it('in flight and failed: the failure an error span', async () => {
    const otel = telemetry();
    const { onOutcome } = instrument({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handler = createWebhookHandler({
      provider: createMoyasar(TEST_CREDENTIALS.moyasar),
      onEvent: async (event) => {
        if (event.kind === 'payment' && event.paymentId === 'inv_boom')
          throw new Error('the database is down');
        await held;
      },
      onOutcome,
    });
    const slow = await moyasarWebhook({
      status: 'succeeded',
      invoiceId: 'inv_slow',
      paymentId: 'pay_slow',
    });
    const first = handler.handle(slow);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await handler.handle(slow);
    release();
    await first;
    await handler.handle(
      await moyasarWebhook({ status: 'failed', invoiceId: 'inv_boom', paymentId: 'pay_boom' }),
    );
    const byOutcome = Object.fromEntries(
      otel.spans().map((s) => [s.attributes['paybridge.webhook.outcome'], s]),
    );
    expect(Object.keys(byOutcome).sort()).toEqual(['failed', 'in_flight', 'processed']);
    expect(byOutcome['in_flight']!.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE]).toBe(503);
    expect(byOutcome['failed']!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'handler_failed' });
    expect(byOutcome['failed']!.attributes[ATTR_ERROR_TYPE]).toBe('handler_failed');
    await otel.shutdown();
  });

  it('the reconciler: a "reconcile <provider>" span and a count with source reconciliation', async () => {
    const otel = telemetry();
    const { hooks, onOutcome } = instrument({
      tracerProvider: otel.tracerProvider,
      meterProvider: otel.meterProvider,
    });
    const moyasar = createMoyasar({ ...TEST_CREDENTIALS.moyasar, hooks });
    const created = await moyasar.createPaymentLink(link);
    await api.pay(created.id);
    const reconciler = createReconciler({
      provider: moyasar,
      store: createMemoryStore(),
      onEvent: () => {},
      olderThanMs: 0,
      onOutcome,
    });
    await reconciler.track(created);
    await reconciler.run();
    const reconciled = otel.spans().find((s) => s.name === 'reconcile moyasar')!;
    expect(reconciled.attributes).toMatchObject({
      'paybridge.webhook.outcome': 'processed',
      'paybridge.webhook.source': 'reconciliation',
      'paybridge.webhook.confirmed': true,
      'paybridge.payment.id': created.id,
    });
    expect(otel.spans().filter((s) => s.name === 'GET')).toHaveLength(1); // its getPayment
    const points = await otel.points('paybridge.webhook.outcomes');
    expect(points.map((p) => p.attributes['paybridge.webhook.source'])).toEqual(['reconciliation']);
    await otel.shutdown();
  });
});

describe('no outcome depends on OpenTelemetry', () => {
  it('a tracer provider and a meter provider that throw change no call and no answer', async () => {
    const broken = {
      getTracer: () => {
        throw new Error('tracing broke');
      },
      getMeter: () => {
        throw new Error('metrics broke');
      },
    };
    const otel = instrument({ tracerProvider: broken, meterProvider: broken });
    const moyasar = createMoyasar({ ...TEST_CREDENTIALS.moyasar, hooks: otel.hooks });
    const created = await moyasar.createPaymentLink(link);
    expect((await moyasar.getPayment(created.id)).status).toBe('pending');
    const handler = createWebhookHandler({ provider: moyasar, onEvent: () => {}, onOutcome: otel.onOutcome });
    expect(
      (await handler.handle(await moyasarWebhook({ status: 'succeeded', invoiceId: created.id }))).status,
    ).toBe(200);
  });

  it('without any SDK registered: the global no-op providers, nothing recorded, nothing breaks', async () => {
    const otel = instrument();
    const moyasar = createMoyasar({ ...TEST_CREDENTIALS.moyasar, hooks: otel.hooks });
    expect((await moyasar.createPaymentLink(link)).status).toBe('pending');
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('refuses options that are not providers', () => {
    expect(() => instrument({ tracerProvider: {} as never })).toThrow(/tracerProvider/);
    expect(() => instrument({ meterProvider: 5 as never })).toThrow(/meterProvider/);
    expect(() => instrument('global' as never)).toThrow(/options/);
  });
});
