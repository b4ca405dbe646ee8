/**
 * Money-Go wallet checkout, in memory: OAuth2 client-credentials tokens, checkout (with the
 * signature checked against the form secret, unique order ids, wallet and currency checks, and
 * Money-Go's 422 messages), wallet check, transaction lookup; the payer's actions send the
 * `status_url` webhook whose `signature` is the checkout signature echoed back.
 */
import { formatMinorUnits, getCurrencyExponent, toMinorUnits } from '../../core/money';
import { MONEYGO_WALLET_PREFIXES } from '../../providers/moneygo/amount';
import { signCheckout } from '../../providers/moneygo/signature';
import type { MoneyGoStatus } from '../../providers/moneygo/status';
import { TEST_CREDENTIALS } from '../defaults';
import { moneyGoWebhookPayload } from '../webhooks/index';
import {
  type ActOptions,
  currentDate,
  dispatch,
  type EmulatorOptions,
  type EmulatorRequest,
  type EmulatorResponse,
  FailureQueue,
  json,
  type LinkView,
  type OutgoingWebhook,
  type PayerAction,
  type ProviderEmulator,
  type Route,
  readJsonObject,
  requireLink,
  SimulatorActionError,
  str,
} from './common';

export interface MoneyGoEmulatorOptions {
  clientId?: string;
  clientSecret?: string;
  /** The "token for the form" checkouts must be signed with. */
  formSecret?: string;
  /**
   * The wallets that exist, number → currency code. Default: any number made of a currency letter
   * (`U` USD, `E` EUR, `R` RUB) and at least two digits.
   */
  wallets?: Readonly<Record<string, string>>;
  /** Lifetime of access tokens, in seconds (default 3600). */
  tokenTtlSeconds?: number;
  /** Lifetime of checkout links, in seconds (default 3600). */
  linkTtlSeconds?: number;
}

interface Checkout {
  id: string;
  walletTo: string;
  walletFrom: string;
  amountText: string;
  amount: number;
  currency: string;
  signature: string;
  successUrl: string | undefined;
  cancelUrl: string | undefined;
  statusUrl: string | undefined;
  userInfo: string | undefined;
  transactionId: number;
  /** `transaction/show` status. */
  status: 'PENDING' | 'SUCCESS' | 'FAIL';
  /** `processing_pay.status` and the webhook's status. */
  processingStatus: MoneyGoStatus;
  cancel: boolean;
  createdAt: Date;
  expiredAt: Date;
}

const fail = (status: number, message: string, field?: string) =>
  json(status, { status: false, message, ...(field ? { errors: { [field]: [message] } } : {}) });

/** `YYYY-MM-DD HH:MM:SS` in UTC (Money-Go's `expired_at` format; its time zone is not documented). */
function moneyGoTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function createMoneyGoEmulator(options: MoneyGoEmulatorOptions & EmulatorOptions): ProviderEmulator {
  const clientId = options.clientId ?? TEST_CREDENTIALS.moneygo.clientId;
  const clientSecret = options.clientSecret ?? TEST_CREDENTIALS.moneygo.clientSecret;
  const formSecret = options.formSecret ?? TEST_CREDENTIALS.moneygo.formSecret;
  const tokenTtl = options.tokenTtlSeconds ?? 3600;
  const linkTtl = options.linkTtlSeconds ?? 3600;
  const tokens = new Map<string, number>();
  const checkouts = new Map<string, Checkout>();
  const failures = new FailureQueue();
  let nextTransactionId = 1001;

  function walletCurrency(number: string): string | undefined {
    if (options.wallets) return options.wallets[number];
    const m = /^([A-Z])\d{2,}$/.exec(number);
    return m ? MONEYGO_WALLET_PREFIXES[m[1]!] : undefined;
  }

  function token(request: EmulatorRequest): EmulatorResponse {
    let body = readJsonObject(request.body);
    if (!body && request.body.includes('=')) body = Object.fromEntries(new URLSearchParams(request.body));
    if (
      body?.['grant_type'] !== 'client_credentials' ||
      body['client_id'] !== clientId ||
      body['client_secret'] !== clientSecret
    ) {
      return json(401, {
        error: 'invalid_client',
        error_description: 'Client authentication failed',
        message: 'Client authentication failed',
      });
    }
    const accessToken = `sim_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
    tokens.set(accessToken, (options.now?.() ?? Date.now()) + tokenTtl * 1000);
    return json(200, { token_type: 'Bearer', expires_in: tokenTtl, access_token: accessToken });
  }

  async function checkout(request: EmulatorRequest): Promise<EmulatorResponse> {
    const body = readJsonObject(request.body);
    if (!body) return fail(422, 'This value should not be blank.');
    for (const field of ['wallet_to', 'wallet_from', 'amount', 'id', 'signature']) {
      const value = body[field];
      if (value === undefined || value === null || value === '')
        return fail(422, 'This value should not be blank.', field);
    }
    const amountText = typeof body['amount'] === 'number' ? String(body['amount']) : String(body['amount']);
    if (!/^\d+(\.\d+)?$/.test(amountText))
      return fail(422, 'This value should be of type numeric.', 'amount');
    const walletTo = String(body['wallet_to']);
    const walletFrom = String(body['wallet_from']);
    const id = String(body['id']);
    const currency = walletCurrency(walletTo);
    if (!currency) return fail(422, 'Wallet to not exists', 'wallet_to');
    const fromCurrency = walletCurrency(walletFrom);
    if (!fromCurrency || walletFrom === walletTo) return fail(422, 'Wallet from not exists', 'wallet_from');
    if (fromCurrency !== currency) return fail(422, 'Currencies are not equals', 'wallet_from');
    const expected = await signCheckout({ walletTo, walletFrom, amount: amountText, id }, formSecret);
    if (body['signature'] !== expected) return fail(422, 'Signature not identical', 'signature');
    if (checkouts.has(id)) return fail(422, 'Order id is not unique', 'id');
    let amount: number;
    try {
      amount = toMinorUnits(amountText, currency, { allowExtraZeroDecimals: true });
    } catch {
      return fail(422, 'This value should be of type numeric.', 'amount');
    }
    if (amount < 1) {
      return fail(422, `Minimum amount exceeded ${formatMinorUnits(1, currency)} for ${currency}`, 'amount');
    }
    const createdAt = currentDate(options);
    const entry: Checkout = {
      id,
      walletTo,
      walletFrom,
      amountText,
      amount,
      currency,
      signature: expected,
      successUrl: str(body['success_url']),
      cancelUrl: str(body['cancel_url']),
      statusUrl: str(body['status_url']),
      userInfo: str(body['user_info']),
      transactionId: nextTransactionId++,
      status: 'PENDING',
      processingStatus: 'PENDING',
      cancel: false,
      createdAt,
      expiredAt: new Date(createdAt.getTime() + linkTtl * 1000),
    };
    checkouts.set(id, entry);
    return json(200, {
      status: true,
      data: { url: options.hostedUrl('moneygo', id), expired_at: moneyGoTime(entry.expiredAt) },
    });
  }

  function transactionView(c: Checkout) {
    return {
      id: c.transactionId,
      external_id: c.id,
      amount: formatMinorUnits(c.amount, c.currency),
      commission: formatMinorUnits(0, c.currency),
      type: 'processing',
      status: c.status,
      currency: { code: c.currency, precession: getCurrencyExponent(c.currency) },
      created_at: moneyGoTime(c.createdAt),
      processing_pay: {
        payment_id: c.id,
        signature: c.signature,
        transaction_id: c.transactionId,
        wallet_from: c.walletFrom,
        wallet_to: c.walletTo,
        currency_to: c.currency,
        currency_from: c.currency,
        amount: Number(formatMinorUnits(c.amount, c.currency)),
        status: c.processingStatus,
        cancel: c.cancel,
      },
    };
  }

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/token\/?$/, operation: 'token', run: (_m, r) => token(r) },
    {
      method: 'POST',
      pattern: /^\/api\/processing\/checkout\/?$/,
      operation: 'create',
      run: (_m, r) => checkout(r),
    },
    {
      method: 'GET',
      pattern: /^\/api\/wallet-exists\/?$/,
      operation: 'wallet',
      run: (_m, r) => {
        const to = r.query.get('number_to') ?? '';
        const from = r.query.get('number_from') ?? '';
        const toCurrency = walletCurrency(to);
        const fromCurrency = walletCurrency(from);
        if (!toCurrency || !fromCurrency) return json(200, { status: true, data: [] });
        return json(200, {
          status: true,
          data: {
            wallet_to_id: 1,
            number_to: to,
            wallet_from_id: 2,
            number_from: from,
            currency: { code: toCurrency, precession: getCurrencyExponent(toCurrency) },
          },
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/transaction\/show\/?$/,
      operation: 'get',
      run: (_m, r) => {
        const externalId = r.query.get('external_id');
        const id = r.query.get('id');
        const found =
          externalId !== null
            ? checkouts.get(externalId)
            : [...checkouts.values()].find((c) => String(c.transactionId) === id);
        return found
          ? json(200, { status: true, data: transactionView(found) })
          : fail(404, 'Transaction not found');
      },
    },
  ];

  function authorize(route: Route, request: EmulatorRequest): EmulatorResponse | undefined {
    if (route.operation === 'token') return undefined;
    const m = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
    const expires = m ? tokens.get(m[1]!) : undefined;
    if (expires !== undefined && expires > (options.now?.() ?? Date.now())) return undefined;
    return json(401, { status: false, message: 'Unauthenticated.' });
  }

  function linkView(c: Checkout): LinkView {
    return {
      provider: 'moneygo',
      id: c.id,
      url: options.hostedUrl('moneygo', c.id),
      amount: c.amount,
      currency: c.currency,
      description: undefined,
      reference: c.id,
      providerStatus: c.processingStatus,
      open: c.processingStatus === 'PENDING',
      redirects: {
        ...(c.successUrl ? { pay: c.successUrl } : {}),
        ...(c.cancelUrl ? { decline: c.cancelUrl, cancel: c.cancelUrl } : {}),
      },
      webhookUrl: c.statusUrl,
      createdAt: c.createdAt,
      expiresAt: c.expiredAt,
    };
  }

  async function act(id: string, action: PayerAction, _options: ActOptions = {}): Promise<OutgoingWebhook[]> {
    const c = requireLink(checkouts, id, 'moneygo');
    if (c.processingStatus !== 'PENDING') {
      throw new SimulatorActionError(
        `moneygo: payment ${id} is ${c.processingStatus}; nothing more can happen to it.`,
      );
    }
    const outcome: Record<PayerAction, [Checkout['status'], MoneyGoStatus, boolean]> = {
      pay: ['SUCCESS', 'SUCCESS', false],
      decline: ['FAIL', 'FAIL', false],
      cancel: ['FAIL', 'CANCEL', true],
      expire: ['FAIL', 'FAIL', false],
    };
    [c.status, c.processingStatus, c.cancel] = outcome[action];
    // No webhook is documented for a link that simply runs out of time.
    if (action === 'expire') return [];
    const payload = await moneyGoWebhookPayload({
      providerStatus: c.processingStatus,
      paymentId: c.id,
      transactionId: c.transactionId,
      walletFrom: c.walletFrom,
      walletTo: c.walletTo,
      amount: c.amount,
      currency: c.currency,
      amountText: c.amountText,
      formSecret,
      cancel: c.cancel,
    });
    return [
      {
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
        provider: 'moneygo',
        linkId: c.id,
        type: c.processingStatus,
        url: c.statusUrl,
      },
    ];
  }

  return {
    provider: 'moneygo',
    handle: (request) =>
      dispatch(routes, request, failures, (_s, message) => ({ status: false, message }), authorize),
    link: (id) => {
      const c = checkouts.get(id);
      return c ? linkView(c) : undefined;
    },
    links: () => [...checkouts.values()].map(linkView),
    act,
    failNext: (rule) => failures.add(rule),
    reset: () => {
      checkouts.clear();
      tokens.clear();
      failures.clear();
    },
    drainApiWebhooks: () => [],
  };
}
