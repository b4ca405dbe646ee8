/**
 * paybridge/testing/msw: msw request handlers that emulate the MoneyHash, Moyasar, Money-Go, Paymob and Tap APIs
 * in memory, stateful within a test. The same emulators back `startSimulator`; here no server runs
 * and nothing is delivered: the payer's actions return the signed webhooks the provider would send,
 * ready for `parseWebhook` or for your own handler.
 *
 * This module imports msw (an optional peer dependency), which is why it is its own entry point:
 * `paybridge/testing` itself never loads msw.
 *
 * ```ts
 * const moyasarApi = mockMoyasar();
 * const server = setupServer(...moyasarApi.handlers);
 * const link = await moyasar.createPaymentLink({ amount: 10_500, currency: 'SAR', reference: 'order-1', description: 'Order 1' });
 * const [webhook] = await moyasarApi.pay(link.id);
 * const event = await moyasar.parseWebhook(webhook!);   // event.status === 'succeeded'
 * ```
 *
 * @module paybridge/testing/msw
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { PRODUCTION_BASE_URLS, type ProviderName } from './defaults';
import type {
  ActOptions,
  EmulatorOptions,
  FailureRule,
  LinkView,
  OutgoingWebhook,
  PayerAction,
  ProviderEmulator,
} from './emulators/common';
import { createMoneyGoEmulator, type MoneyGoEmulatorOptions } from './emulators/moneygo';
import { createMoneyHashEmulator, type MoneyHashEmulatorOptions } from './emulators/moneyhash';
import { createMoyasarEmulator, type MoyasarEmulatorOptions } from './emulators/moyasar';
import { createPaymobEmulator, type PaymobEmulatorOptions } from './emulators/paymob';
import { createTapEmulator, type TapEmulatorOptions } from './emulators/tap';

/** Where the mocks' hosted pages say they are (no server answers there). */
export const MOCK_CHECKOUT_ORIGIN = 'https://checkout.paybridge.test';

export interface MockOptions {
  /** The base URL to intercept (default: the provider's production URL, which adapters use by default). */
  baseUrl?: string;
}

/** One provider's API, mocked. Spread `handlers` into `setupServer(…)` or `server.use(…)`. */
export interface ProviderMock<P extends ProviderName = ProviderName> {
  readonly provider: P;
  readonly baseUrl: string;
  readonly handlers: HttpHandler[];
  /** Every webhook the provider would have sent so far (actions and API calls such as closing an intent). */
  readonly webhooks: readonly OutgoingWebhook[];
  /** The payer pays: returns the signed webhooks the provider sends. */
  pay(linkId: string, options?: ActOptions): Promise<OutgoingWebhook[]>;
  decline(linkId: string, options?: ActOptions): Promise<OutgoingWebhook[]>;
  cancel(linkId: string, options?: ActOptions): Promise<OutgoingWebhook[]>;
  expire(linkId: string, options?: ActOptions): Promise<OutgoingWebhook[]>;
  link(linkId: string): LinkView | undefined;
  links(): LinkView[];
  /** The next matching request(s) fail: `failNext({ operation: 'create', status: 503 })`, `failNext({ network: true })`. */
  failNext(rule?: FailureRule): void;
  /** Forgets links, tokens, failures and webhooks (call it in `afterEach` when the mock outlives a test). */
  reset(): void;
}

function createMock<P extends ProviderName>(
  provider: P,
  baseUrl: string,
  make: (options: EmulatorOptions) => ProviderEmulator,
): ProviderMock<P> {
  const base = baseUrl.replace(/\/+$/, '');
  const basePath = new URL(base).pathname.replace(/\/+$/, '');
  const emulator = make({
    hostedUrl: (p, id) => `${MOCK_CHECKOUT_ORIGIN}/${p}/${encodeURIComponent(id)}`,
  });
  const webhooks: OutgoingWebhook[] = [];
  const handler = http.all(`${base}/*`, async ({ request }) => {
    const url = new URL(request.url);
    const answer = await emulator.handle({
      method: request.method,
      path: url.pathname.slice(basePath.length) || '/',
      query: url.searchParams,
      headers: request.headers,
      body: await request.text(),
    });
    webhooks.push(...emulator.drainApiWebhooks());
    if (answer.network) return HttpResponse.error();
    return HttpResponse.json(answer.json as Record<string, unknown>, {
      status: answer.status,
      headers: answer.headers,
    });
  });
  const act = async (id: string, action: PayerAction, options?: ActOptions) => {
    const sent = await emulator.act(id, action, options);
    webhooks.push(...sent);
    return sent;
  };
  return {
    provider,
    baseUrl: base,
    handlers: [handler],
    webhooks,
    pay: (id, o) => act(id, 'pay', o),
    decline: (id, o) => act(id, 'decline', o),
    cancel: (id, o) => act(id, 'cancel', o),
    expire: (id, o) => act(id, 'expire', o),
    link: (id) => emulator.link(id),
    links: () => emulator.links(),
    failNext: (rule) => emulator.failNext(rule),
    reset: () => {
      emulator.reset();
      webhooks.length = 0;
    },
  };
}

/** MoneyHash's API (intents, close, webhook signature key), accepting `TEST_CREDENTIALS.moneyhash` unless told otherwise. */
export function mockMoneyHash(
  options: MockOptions & MoneyHashEmulatorOptions = {},
): ProviderMock<'moneyhash'> {
  return createMock('moneyhash', options.baseUrl ?? PRODUCTION_BASE_URLS.moneyhash, (o) =>
    createMoneyHashEmulator({ ...options, ...o }),
  );
}

/** Moyasar's API (invoices, payments), accepting `TEST_CREDENTIALS.moyasar` unless told otherwise. */
export function mockMoyasar(options: MockOptions & MoyasarEmulatorOptions = {}): ProviderMock<'moyasar'> {
  return createMock('moyasar', options.baseUrl ?? PRODUCTION_BASE_URLS.moyasar, (o) =>
    createMoyasarEmulator({ ...options, ...o }),
  );
}

/** Money-Go's API (token, checkout, wallet check, transaction lookup), accepting `TEST_CREDENTIALS.moneygo` unless told otherwise. */
export function mockMoneyGo(options: MockOptions & MoneyGoEmulatorOptions = {}): ProviderMock<'moneygo'> {
  return createMock('moneygo', options.baseUrl ?? PRODUCTION_BASE_URLS.moneygo, (o) =>
    createMoneyGoEmulator({ ...options, ...o }),
  );
}

/**
 * Paymob's API (auth token, intentions, transaction inquiry and retrieval, refund, void, capture),
 * accepting `TEST_CREDENTIALS.paymob` unless told otherwise. The webhooks it returns carry the
 * callback URL with `?hmac=` in `url`: pass them to `parseWebhook` whole.
 */
export function mockPaymob(options: MockOptions & PaymobEmulatorOptions = {}): ProviderMock<'paymob'> {
  return createMock('paymob', options.baseUrl ?? PRODUCTION_BASE_URLS.paymob, (o) =>
    createPaymobEmulator({ ...options, ...o }),
  );
}

/** Tap's API (charges, authorizations, refunds), accepting `TEST_CREDENTIALS.tap` unless told otherwise. */
export function mockTap(options: MockOptions & TapEmulatorOptions = {}): ProviderMock<'tap'> {
  return createMock('tap', options.baseUrl ?? PRODUCTION_BASE_URLS.tap, (o) =>
    createTapEmulator({ ...options, ...o }),
  );
}

/** Every provider's mock, and their handlers together. */
export function mockProviders(
  options: {
    moneyhash?: MockOptions & MoneyHashEmulatorOptions;
    moyasar?: MockOptions & MoyasarEmulatorOptions;
    moneygo?: MockOptions & MoneyGoEmulatorOptions;
    paymob?: MockOptions & PaymobEmulatorOptions;
    tap?: MockOptions & TapEmulatorOptions;
  } = {},
): {
  moneyhash: ProviderMock<'moneyhash'>;
  moyasar: ProviderMock<'moyasar'>;
  moneygo: ProviderMock<'moneygo'>;
  paymob: ProviderMock<'paymob'>;
  tap: ProviderMock<'tap'>;
  handlers: HttpHandler[];
  reset(): void;
} {
  const moneyhash = mockMoneyHash(options.moneyhash);
  const moyasar = mockMoyasar(options.moyasar);
  const moneygo = mockMoneyGo(options.moneygo);
  const paymob = mockPaymob(options.paymob);
  const tap = mockTap(options.tap);
  return {
    moneyhash,
    moyasar,
    moneygo,
    paymob,
    tap,
    handlers: [
      ...moneyhash.handlers,
      ...moyasar.handlers,
      ...moneygo.handlers,
      ...paymob.handlers,
      ...tap.handlers,
    ],
    reset: () => {
      moneyhash.reset();
      moyasar.reset();
      moneygo.reset();
      paymob.reset();
      tap.reset();
    },
  };
}
