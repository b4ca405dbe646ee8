/**
 * One driver per adapter: how the conformance contract (contract.test.ts) makes the adapter, gives it
 * a valid link input, and builds the few provider-specific things a contract needs (a webhook of a
 * type the adapter does not know, a change to a signed field). A new adapter adds one driver to
 * `DRIVERS` and gets the whole contract, through the simulator and through msw.
 */
import { getResponse } from 'msw';
import type {
  CreatePaymentLinkInput,
  PaymentProvider,
  PaymentStatus,
  RequestOptions,
  WebhookEvent,
} from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createPaymob } from 'paybridge/paymob';
import { createTap, signTapWebhook } from 'paybridge/tap';
import {
  moneyHashWebhook,
  moyasarWebhook,
  type ProviderName,
  paymobWebhook,
  type SignedWebhook,
  TEST_CREDENTIALS,
} from 'paybridge/testing';
import {
  mockMoneyGo,
  mockMoneyHash,
  mockMoyasar,
  mockPaymob,
  mockTap,
  type ProviderMock,
} from 'paybridge/testing/msw';
import type { Simulator } from 'paybridge/testing/simulator';

/** An adapter as the contract uses it: the common interface, plus cancel where the provider has it. */
export interface ContractAdapter extends PaymentProvider<string, CreatePaymentLinkInput, WebhookEvent> {
  cancelPaymentLink?(id: string, options?: RequestOptions): Promise<unknown>;
}

export interface Driver {
  name: ProviderName;
  /** An amount and currency the provider accepts. */
  amount: number;
  currency: string;
  /** A valid `createPaymentLink` input for `reference`, in this provider's terms. */
  link(reference: string): CreatePaymentLinkInput;
  /** The adapter, pointed at the simulator. */
  fromSimulator(sim: Simulator, fetch?: typeof globalThis.fetch): ContractAdapter;
  /** The adapter and its msw mock (no global interception: the adapter's fetch asks the mock). */
  fromMock(): { adapter: ContractAdapter; mock: ProviderMock };
  /** The adapter with any working credentials and `fetch`, for the checks made before any request. */
  offline(fetch: typeof globalThis.fetch): ContractAdapter;
  /** What `getPayment` says after each payer action (Moyasar keeps an invoice open after a declined card). */
  afterAction: { pay: PaymentStatus; decline: PaymentStatus; cancel: PaymentStatus };
  /** Whether the provider carries the reference back on the payment webhook. */
  referenceOnEvent: boolean;
  /** A correctly signed webhook of an event type the adapter does not know, where the provider has types. */
  unknownType?(): Promise<SignedWebhook>;
  /** The webhook with a signed field changed, keeping its signature: must be refused. */
  tamper(webhook: SignedWebhook): SignedWebhook;
  /** Optional `createPaymentLink` fields this provider has no place for (refused as `unsupported_field`). */
  unsupported: readonly (keyof CreatePaymentLinkInput)[];
  /** Whether `idempotencyKey` is refused on a create (the provider has no idempotency key). */
  refusesIdempotencyKey: boolean;
}

/** An adapter fetch that asks the mock's handlers; anything unmocked is a 599. */
function mockFetch(mock: ProviderMock): typeof globalThis.fetch {
  return async (input, init) =>
    (await getResponse(mock.handlers, new Request(input, init))) ??
    new Response('not mocked', { status: 599 });
}

const replaceInBody = (webhook: SignedWebhook, from: RegExp, to: string): SignedWebhook => {
  const body = webhook.body.replace(from, to);
  if (body === webhook.body) throw new Error(`tamper: ${from} not found in the body`);
  return { ...webhook, body };
};

export const DRIVERS: readonly Driver[] = [
  {
    name: 'moyasar',
    amount: 10_500,
    currency: 'SAR',
    link: (reference) => ({ amount: 10_500, currency: 'SAR', reference, description: `Order ${reference}` }),
    fromSimulator: (sim, fetch) => createMoyasar({ ...sim.settings.moyasar, retry: false, fetch }),
    fromMock() {
      const mock = mockMoyasar();
      return {
        mock,
        adapter: createMoyasar({ ...TEST_CREDENTIALS.moyasar, retry: false, fetch: mockFetch(mock) }),
      };
    },
    offline: (fetch) => createMoyasar({ ...TEST_CREDENTIALS.moyasar, retry: false, fetch }),
    afterAction: { pay: 'succeeded', decline: 'pending', cancel: 'canceled' },
    referenceOnEvent: true,
    unknownType: () => moyasarWebhook({ type: 'brand_new_event' }),
    // The amount of the payment is authenticated by the secret token like everything else: the token is
    // the signed part; changing it must fail.
    tamper: (webhook) => replaceInBody(webhook, /"secret_token":"[^"]*"/, '"secret_token":"guessed-token"'),
    unsupported: ['failureUrl', 'pendingUrl', 'customer'],
    refusesIdempotencyKey: true,
  },
  {
    name: 'moneyhash',
    amount: 25_075,
    currency: 'EGP',
    link: (reference) => ({ amount: 25_075, currency: 'EGP', reference }),
    fromSimulator: (sim, fetch) => createMoneyHash({ ...sim.settings.moneyhash, retry: false, fetch }),
    fromMock() {
      const mock = mockMoneyHash();
      return {
        mock,
        adapter: createMoneyHash({ ...TEST_CREDENTIALS.moneyhash, retry: false, fetch: mockFetch(mock) }),
      };
    },
    offline: (fetch) => createMoneyHash({ ...TEST_CREDENTIALS.moneyhash, retry: false, fetch }),
    afterAction: { pay: 'succeeded', decline: 'failed', cancel: 'canceled' },
    referenceOnEvent: true,
    unknownType: () => moneyHashWebhook({ type: 'brand.new.event' }),
    // Any byte of the body is signed (v3 covers the raw bytes).
    tamper: (webhook) => replaceInBody(webhook, /}$/, ',"added":1}'),
    unsupported: ['description'],
    refusesIdempotencyKey: false,
  },
  {
    name: 'moneygo',
    amount: 1_050,
    currency: 'USD',
    link: (reference) =>
      ({
        amount: 1_050,
        currency: 'USD',
        reference,
        walletFrom: TEST_CREDENTIALS.moneygo.walletFrom,
        userInfo: 'customer-7',
      }) as CreatePaymentLinkInput,
    fromSimulator: (sim, fetch) => createMoneyGo({ ...sim.settings.moneygo, retry: false, fetch }),
    fromMock() {
      const mock = mockMoneyGo();
      const { walletFrom: _payer, ...credentials } = TEST_CREDENTIALS.moneygo;
      return { mock, adapter: createMoneyGo({ ...credentials, retry: false, fetch: mockFetch(mock) }) };
    },
    offline: (fetch) => {
      const { walletFrom: _payer, ...credentials } = TEST_CREDENTIALS.moneygo;
      return createMoneyGo({ ...credentials, retry: false, fetch });
    },
    afterAction: { pay: 'succeeded', decline: 'failed', cancel: 'canceled' },
    referenceOnEvent: true,
    // Money-Go webhooks have no event type.
    tamper: (webhook) => replaceInBody(webhook, /"wallet_from":"U\d+"/, '"wallet_from":"U999999"'),
    unsupported: ['description', 'failureUrl', 'pendingUrl', 'expiresAt', 'metadata', 'customer'],
    refusesIdempotencyKey: true,
  },
  {
    name: 'paymob',
    amount: 100_000,
    currency: 'EGP',
    // Paymob signs in the callback URL, so links name one. Nothing listens there: the simulator's
    // delivery is refused at once and retried until it closes; the contract parses what was sent.
    link: (reference) => ({
      amount: 100_000,
      currency: 'EGP',
      reference,
      webhookUrl: 'http://127.0.0.1:9/webhooks/paymob',
    }),
    fromSimulator: (sim, fetch) => createPaymob({ ...sim.settings.paymob, retry: false, fetch }),
    fromMock() {
      const mock = mockPaymob();
      return {
        mock,
        adapter: createPaymob({ ...TEST_CREDENTIALS.paymob, retry: false, fetch: mockFetch(mock) }),
      };
    },
    offline: (fetch) => createPaymob({ ...TEST_CREDENTIALS.paymob, retry: false, fetch }),
    // A payer who leaves the Unified Checkout makes no transaction: the order stays pending.
    afterAction: { pay: 'succeeded', decline: 'failed', cancel: 'pending' },
    // As obj.order.merchant_order_id, outside the HMAC (coverage.reference is false).
    referenceOnEvent: true,
    unknownType: () => paymobWebhook({ type: 'BRAND_NEW_TYPE' }),
    // obj.amount_cents (the first in the body) is one of the 20 signed fields.
    tamper: (webhook) => replaceInBody(webhook, /"amount_cents":\d+/, '"amount_cents":1'),
    // cancelUrl is refused too (one redirection_url), but the contract has no sample value for it.
    unsupported: ['description', 'failureUrl', 'pendingUrl'],
    refusesIdempotencyKey: true,
  },
  {
    name: 'tap',
    // 10.500 KWD: a three-decimal currency, sent and signed as an exact decimal.
    amount: 10_500,
    currency: 'KWD',
    link: (reference) =>
      ({
        amount: 10_500,
        currency: 'KWD',
        reference,
        description: `Order ${reference}`,
        successUrl: 'https://shop.example/return',
        customer: { firstName: 'Sara', email: 'sara@example.com' },
      }) as CreatePaymentLinkInput,
    fromSimulator: (sim, fetch) => createTap({ ...sim.settings.tap, retry: false, fetch }),
    fromMock() {
      const mock = mockTap();
      return { mock, adapter: createTap({ ...TEST_CREDENTIALS.tap, retry: false, fetch: mockFetch(mock) }) };
    },
    offline: (fetch) => createTap({ ...TEST_CREDENTIALS.tap, retry: false, fetch }),
    // The payer leaving the hosted page makes the charge ABANDONED (and Tap posts nothing).
    afterAction: { pay: 'succeeded', decline: 'failed', cancel: 'canceled' },
    // Carried back in reference.transaction, outside the signature (coverage.reference is false).
    referenceOnEvent: true,
    // Tap's webhooks have no event type; an object paybridge does not know, correctly signed.
    async unknownType() {
      const body = JSON.stringify({
        id: 'sub_TS0brandnewobject',
        object: 'subscription',
        status: 'ACTIVE',
        amount: 5.5,
        currency: 'KWD',
        created: 1_700_000_000_000,
      });
      const hashstring = await signTapWebhook(TEST_CREDENTIALS.tap.secretKey, body);
      return { body, headers: { 'content-type': 'application/json', hashstring } };
    },
    // The amount is signed (rendered with KWD's three decimals).
    tamper: (webhook) => replaceInBody(webhook, /^\{"amount":[0-9.]+/, '{"amount":99.5'),
    unsupported: ['failureUrl', 'pendingUrl'],
    refusesIdempotencyKey: false,
  },
];
