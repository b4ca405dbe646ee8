/**
 * The conformance contract: every adapter in `DRIVERS` runs the same tests, through the simulator
 * (real HTTP on loopback) and through the msw mocks, and the same mistake must give the same error
 * class and code from every adapter, before any request.
 */
import {
  InvalidRequestError,
  isSuccessfulStatus,
  type PaybridgeError,
  type PaymentEvent,
  type WebhookEvent,
  WebhookVerificationError,
} from 'paybridge';
import type { ProviderMock } from 'paybridge/testing/msw';
import { type Simulator, startSimulator } from 'paybridge/testing/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractAdapter, DRIVERS, type Driver } from './drivers';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});

type Action = 'pay' | 'decline' | 'cancel';

/** One way of reaching a provider: the adapter and the payer's actions, returning the webhooks sent. */
interface Route {
  adapter: ContractAdapter;
  act(action: Action, linkId: string): Promise<Array<{ body: string; headers: Record<string, string> }>>;
}

const ROUTES: Record<string, (driver: Driver) => Route> = {
  simulator: (driver) => ({
    adapter: driver.fromSimulator(sim),
    act: (action, id) => sim[action](id, { provider: driver.name }),
  }),
  msw: (driver) => {
    const { adapter, mock } = driver.fromMock();
    return { adapter, act: (action, id) => (mock as ProviderMock)[action](id) };
  },
};

let counter = 0;
const reference = (driver: Driver) => `conf-${driver.name}-${Date.now()}-${++counter}`;

async function rejection(run: () => Promise<unknown>): Promise<PaybridgeError> {
  try {
    await run();
  } catch (error) {
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

/** The payment events among the webhooks of an action, parsed (and so verified) by the adapter. */
async function paymentEvents(
  adapter: ContractAdapter,
  webhooks: Array<{ body: string; headers: Record<string, string> }>,
) {
  const events: WebhookEvent[] = [];
  for (const webhook of webhooks) events.push(await adapter.parseWebhook(webhook));
  return events.filter((e): e is PaymentEvent => e.kind === 'payment');
}

for (const driver of DRIVERS) {
  for (const [routeName, makeRoute] of Object.entries(ROUTES)) {
    describe(`${driver.name} through the ${routeName}`, () => {
      const route = () => makeRoute(driver);

      it('create → pay → a signed webhook → parse → getPayment agrees; ids, amounts and reference round-trip', async () => {
        const { adapter, act } = route();
        const ref = reference(driver);
        const link = await adapter.createPaymentLink(driver.link(ref));
        expect(link).toMatchObject({
          provider: driver.name,
          status: 'pending',
          amount: driver.amount,
          currency: driver.currency,
          reference: ref,
        });
        expect(link.url).toMatch(/^https?:\/\//);
        const [event] = (await paymentEvents(adapter, await act('pay', link.id))).filter(
          (e) => e.status === 'succeeded',
        );
        expect(event).toBeDefined();
        expect(event!.paymentId).toBe(link.id);
        expect(event!.provider).toBe(driver.name);
        if (event!.amount !== undefined) expect(event!.amount).toBe(driver.amount);
        if (event!.currency !== undefined) expect(event!.currency).toBe(driver.currency);
        if (driver.referenceOnEvent) expect(event!.reference).toBe(ref);
        const payment = await adapter.getPayment(link.id);
        expect(payment).toMatchObject({
          provider: driver.name,
          status: driver.afterAction.pay,
          amount: driver.amount,
          currency: driver.currency,
        });
        expect(payment.reference).toBe(ref);
      });

      for (const action of ['decline', 'cancel'] as const) {
        it(`${action}: the webhooks (if any) and getPayment say ${driver.afterAction[action]}, never a success`, async () => {
          const { adapter, act } = route();
          const link = await adapter.createPaymentLink(driver.link(reference(driver)));
          const events = await paymentEvents(adapter, await act(action, link.id));
          for (const event of events) {
            expect(event.paymentId).toBe(link.id);
            expect(isSuccessfulStatus(event.status)).toBe(false);
          }
          const payment = await adapter.getPayment(link.id);
          expect(payment.status).toBe(driver.afterAction[action]);
        });
      }

      it('a webhook whose signed part was changed is refused with WebhookVerificationError', async () => {
        const { adapter, act } = route();
        const link = await adapter.createPaymentLink(driver.link(reference(driver)));
        const [webhook] = await act('pay', link.id);
        const error = await rejection(() => adapter.parseWebhook(driver.tamper(webhook!)));
        expect(error).toBeInstanceOf(WebhookVerificationError);
      });

      it.skipIf(driver.unknownType === undefined)(
        'an event type it does not know passes as kind unknown',
        async () => {
          const { adapter } = route();
          const event = await adapter.parseWebhook(await driver.unknownType!());
          expect(event).toMatchObject({ kind: 'unknown', provider: driver.name });
          expect(event.id).not.toBe('');
        },
      );
    });
  }
}

/** The same mistake, the same class and code, from every adapter, before any request. */
describe('the same bad input gives the same error from every adapter', () => {
  type Mistake = [
    name: string,
    code: string,
    run: (adapter: ContractAdapter, driver: Driver) => Promise<unknown>,
  ];
  const withLink = (driver: Driver, changes: Record<string, unknown>) => ({
    ...driver.link('ref-1'),
    ...changes,
  });
  const mistakes: Mistake[] = [
    ['createPaymentLink(null)', 'invalid_input', (a) => a.createPaymentLink(null as never)],
    ['createPaymentLink("order-1")', 'invalid_input', (a) => a.createPaymentLink('order-1' as never)],
    [
      'a fractional amount',
      'invalid_amount',
      (a, d) => a.createPaymentLink(withLink(d, { amount: 10.5 }) as never),
    ],
    [
      'a negative amount',
      'negative_amount',
      (a, d) => a.createPaymentLink(withLink(d, { amount: -100 }) as never),
    ],
    [
      'a currency that is not a code',
      'invalid_currency',
      (a, d) => a.createPaymentLink(withLink(d, { currency: 'X1' }) as never),
    ],
    [
      'an unknown currency',
      'unknown_currency',
      (a, d) => a.createPaymentLink(withLink(d, { currency: 'ZZZ' }) as never),
    ],
    [
      'an empty reference',
      'missing_field',
      (a, d) => a.createPaymentLink(withLink(d, { reference: '' }) as never),
    ],
    [
      'a reference that is a number',
      'invalid_field',
      (a, d) => a.createPaymentLink(withLink(d, { reference: 42 }) as never),
    ],
    [
      'a javascript: success URL',
      'invalid_url',
      (a, d) => a.createPaymentLink(withLink(d, { successUrl: 'javascript:alert(1)' }) as never),
    ],
    [
      'an idempotency key that is not a string',
      'invalid_option',
      (a, d) => a.createPaymentLink(d.link('ref-1'), { idempotencyKey: 7 as never }),
    ],
    ['getPayment("")', 'invalid_id', (a) => a.getPayment('')],
    ['getPayment(42)', 'invalid_id', (a) => a.getPayment(42 as never)],
  ];

  for (const [name, code, run] of mistakes) {
    it(`${name} → InvalidRequestError ${code}`, async () => {
      for (const d of DRIVERS) {
        let requests = 0;
        const adapter = d.offline(async () => {
          requests += 1;
          return new Response('{}', { status: 500 });
        });
        const error = await rejection(() => run(adapter, d));
        expect(error, d.name).toBeInstanceOf(InvalidRequestError);
        expect(error.code, d.name).toBe(code);
        expect(error.provider, d.name).toBe(d.name);
        expect(requests, d.name).toBe(0);
      }
    });
  }

  it('a field the provider has no place for → unsupported_field; an idempotency key it cannot honour → unsupported_option', async () => {
    const values: Record<string, unknown> = {
      description: 'Order',
      failureUrl: 'https://shop.example/failed',
      pendingUrl: 'https://shop.example/pending',
      expiresAt: new Date(Date.now() + 3_600_000),
      metadata: { cart: 'c-1' },
      customer: { email: 'payer@example.com' },
    };
    for (const d of DRIVERS) {
      const adapter = d.offline(async () => new Response('{}', { status: 500 }));
      for (const field of d.unsupported) {
        const error = await rejection(() =>
          adapter.createPaymentLink(withLink(d, { [field]: values[field] }) as never),
        );
        expect(error, `${d.name} ${field}`).toMatchObject({ code: 'unsupported_field', field });
      }
      if (d.refusesIdempotencyKey) {
        const error = await rejection(() =>
          adapter.createPaymentLink(d.link('ref-2'), { idempotencyKey: 'k-1' }),
        );
        expect(error, d.name).toMatchObject({ code: 'unsupported_option', field: 'idempotencyKey' });
      }
    }
  });
});
