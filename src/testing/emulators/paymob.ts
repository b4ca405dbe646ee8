/**
 * Paymob, in memory: the auth token (`POST /api/auth/tokens`), intentions (`POST /v1/intention/`),
 * the Unified Checkout page (`GET /unifiedcheckout/?publicKey=…&clientSecret=…`, redirected to the
 * simulator's checkout page), the transaction inquiry, transaction and order retrieval, and
 * refund / void / capture. A payer's payment or declined card makes a transaction and sends the
 * processed callback (`{ type: 'TRANSACTION', obj }`) to the intention's `notification_url` (else
 * the integration's callback URL, `webhookUrl`) with `?hmac=` appended, signed with the HMAC
 * secret; the payer's browser is then sent to `redirection_url` with the transaction in the query.
 * Refunds, voids and captures make a child transaction and send its callback.
 *
 * Choices where Paymob documents nothing: a payer who cancels or lets the link expire makes no
 * transaction and no callback (the order stays without a transaction, which `getPayment` reports
 * as `pending`); the inquiry about an order without a transaction answers 404; retries follow the
 * simulator's default schedule (`DEFAULT_RETRY_DELAYS.paymob`).
 */
import { computePaymobHmac, paymobTransactionMessage } from '../../providers/paymob/signature';
import { TEST_CREDENTIALS } from '../defaults';
import {
  paymobId,
  paymobRedirectQuery,
  paymobTimestamp,
  paymobTransactionObject,
  withHmac,
} from '../webhooks/paymob';
import {
  type ActOptions,
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
  stringRecord,
} from './common';
import { intentionErrors } from './paymob-checks';

/** One integration (a payment method of the account) the emulator knows. */
export interface PaymobEmulatedIntegration {
  currency: string;
  /** `'card'` (default) or `'wallet'`. */
  type?: 'card' | 'wallet';
  /** Authorization-only (a payment is `is_auth` and needs a capture). Default false. */
  authorize?: boolean;
  /** A name the integration can also be given by (`payment_methods: ['card']`). */
  name?: string;
}

export interface PaymobEmulatorOptions {
  /** Accepted in `Authorization: Token …` (default `TEST_CREDENTIALS.paymob.secretKey`). */
  secretKey?: string;
  /** Expected in the Unified Checkout URL (default `TEST_CREDENTIALS.paymob.publicKey`). */
  publicKey?: string;
  /** Accepted by `POST /api/auth/tokens` (default `TEST_CREDENTIALS.paymob.apiKey`). */
  apiKey?: string;
  /** Signs every callback (default `TEST_CREDENTIALS.paymob.webhookSecret`). */
  webhookSecret?: string;
  /**
   * The integrations' "transaction processed callback" URL (set in Paymob's dashboard), used when
   * an intention has no `notification_url`. Unset: such callbacks are logged, not delivered.
   */
  webhookUrl?: string;
  /** The account's integrations by id (default: 4100001, a card integration in EGP). */
  integrations?: Readonly<Record<string, PaymobEmulatedIntegration>>;
}

const DEFAULT_INTEGRATIONS: Readonly<Record<string, PaymobEmulatedIntegration>> = Object.freeze({
  [String(TEST_CREDENTIALS.paymob.integrationIds[0])]: { currency: 'EGP', type: 'card', name: 'card' },
});

interface Intention {
  orderId: number;
  body: Record<string, unknown>;
  amount: number;
  currency: string;
  reference: string | undefined;
  integration: PaymobEmulatedIntegration & { id: number };
  notificationUrl: string | undefined;
  redirectionUrl: string | undefined;
  status: 'intended' | 'paid' | 'failed' | 'canceled' | 'expired';
  created: string;
  /** The transaction ids of the order, oldest first. */
  transactions: number[];
}

const errorBody = (_status: number, message: string) => ({ detail: message });

export function createPaymobEmulator(options: PaymobEmulatorOptions & EmulatorOptions): ProviderEmulator {
  const secretKey = options.secretKey ?? TEST_CREDENTIALS.paymob.secretKey;
  const publicKey = options.publicKey ?? TEST_CREDENTIALS.paymob.publicKey;
  const apiKey = options.apiKey ?? TEST_CREDENTIALS.paymob.apiKey;
  const hmacSecret = options.webhookSecret ?? TEST_CREDENTIALS.paymob.webhookSecret;
  const integrations = options.integrations ?? DEFAULT_INTEGRATIONS;
  const intentions = new Map<string, Intention>();
  const byClientSecret = new Map<string, Intention>();
  const transactions = new Map<number, Record<string, unknown>>();
  const tokens = new Set<string>();
  const failures = new FailureQueue();
  const fromApi: OutgoingWebhook[] = [];

  const notFound = (what = 'Not found.') => json(404, { detail: what });
  const invalid = (errors: Record<string, unknown>) => json(400, errors);

  function integrationOf(value: unknown): (PaymobEmulatedIntegration & { id: number }) | undefined {
    for (const [id, integration] of Object.entries(integrations)) {
      if (String(value) === id || (typeof value === 'string' && value === integration.name))
        return { ...integration, id: Number(id) };
    }
    return undefined;
  }

  function createIntention(body: Record<string, unknown>): EmulatorResponse {
    const errors = intentionErrors(body);
    const amount = body['amount'] as number;
    const currency = String(body['currency']).toUpperCase();
    const methods = body['payment_methods'];
    if (Object.keys(errors).length > 0) return invalid(errors);
    const resolved = (methods as unknown[]).map(integrationOf);
    const integration = resolved[0];
    if (integration === undefined || resolved.some((i) => i === undefined)) {
      return notFound(
        'Integration ID/Name does not exist in our system . You can find the list of Integration ID’/Names from Merchant Dashboard under Developers → Payment Integrations Tab',
      );
    }
    if (resolved.some((i) => i?.currency !== currency)) {
      return invalid({ currency: [`The integration does not accept ${currency}.`] });
    }
    const orderId = paymobId();
    const clientSecret = `egy_csk_test_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
    const intention: Intention = {
      orderId,
      body,
      amount: amount as number,
      currency,
      reference: str(body['special_reference']),
      integration,
      notificationUrl: str(body['notification_url']),
      redirectionUrl: str(body['redirection_url']),
      status: 'intended',
      created: new Date().toISOString(),
      transactions: [],
    };
    const answer = {
      id: `pi_test_${globalThis.crypto.randomUUID().replaceAll('-', '')}`,
      client_secret: clientSecret,
      intention_order_id: orderId,
      payment_keys: resolved.map((i) => ({
        integration: i?.id,
        key: 'simulated',
        gateway_type: 'MIGS',
        order_id: orderId,
      })),
      intention_detail: { amount, currency, items: body['items'] ?? [], billing_data: body['billing_data'] },
      payment_methods: resolved.map((i) => ({
        integration_id: i?.id,
        name: i?.name ?? null,
        method_type: i?.type ?? 'card',
        currency,
        live: false,
      })),
      special_reference: intention.reference ?? null,
      extras: { creation_extras: stringRecord(body['extras']), confirmation_extras: null },
      confirmed: false,
      status: 'intended',
      created: intention.created,
      object: 'paymentintention',
    };
    intention.body = { ...body, answer };
    intentions.set(String(orderId), intention);
    byClientSecret.set(clientSecret, intention);
    return json(201, answer);
  }

  /** The callback of a transaction, signed, to the intention's URL (or the integration's). */
  async function callback(intention: Intention, obj: Record<string, unknown>): Promise<OutgoingWebhook> {
    const target = intention.notificationUrl ?? options.webhookUrl;
    const hmac = await computePaymobHmac(hmacSecret, paymobTransactionMessage(obj));
    return {
      body: JSON.stringify({
        type: 'TRANSACTION',
        obj,
        issuer_bank: null,
        transaction_processed_callback_responses: '',
      }),
      headers: { 'content-type': 'application/json' },
      provider: 'paymob',
      linkId: String(intention.orderId),
      type: 'TRANSACTION',
      url: target === undefined ? undefined : withHmac(target, hmac),
    };
  }

  function record(intention: Intention, obj: Record<string, unknown>): void {
    transactions.set(obj['id'] as number, obj);
    intention.transactions.push(obj['id'] as number);
  }

  function intentionOf(obj: Record<string, unknown>): Intention | undefined {
    return intentions.get(String((obj['order'] as { id?: unknown } | undefined)?.id));
  }

  function transactionOp(kind: 'refund' | 'void' | 'capture') {
    return async (_m: RegExpExecArray, request: EmulatorRequest): Promise<EmulatorResponse> => {
      const body = readJsonObject(request.body);
      const parent = transactions.get(Number(body?.['transaction_id']));
      if (!body || !parent) return notFound('Transaction not found.');
      const intention = intentionOf(parent);
      if (!intention) return notFound('Transaction not found.');
      const amount = parent['amount_cents'] as number;
      const wanted = body['amount_cents'];
      const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
      if (parent['success'] !== true || parent['has_parent_transaction'] === true)
        return invalid({ detail: `A ${kind} needs a successful parent transaction.` });
      let childAmount = amount;
      if (kind === 'refund') {
        const refunded = (parent['refunded_amount_cents'] as number | null) ?? 0;
        if (parent['is_voided'] === true) return invalid({ detail: 'The transaction is voided.' });
        if (parent['is_auth'] === true && parent['is_captured'] !== true)
          return invalid({ detail: 'An authorization must be captured before it is refunded.' });
        if (!isAmount(wanted) || wanted > amount - refunded)
          return invalid({ amount_cents: ['Ensure the refund amount is not above the refundable amount.'] });
        childAmount = wanted;
        parent['refunded_amount_cents'] = refunded + wanted;
        parent['is_refunded'] = true;
      } else if (kind === 'void') {
        if (parent['is_voided'] === true || parent['is_refunded'] === true)
          return invalid({ detail: 'The transaction cannot be voided.' });
        parent['is_voided'] = true;
      } else {
        if (parent['is_auth'] !== true || parent['is_captured'] === true)
          return invalid({ detail: 'Only an uncaptured authorization can be captured.' });
        if (!isAmount(wanted) || wanted > amount)
          return invalid({ amount_cents: ['Ensure the capture amount is not above the authorized amount.'] });
        childAmount = wanted;
        parent['is_captured'] = true;
        parent['captured_amount'] = wanted;
      }
      const child = paymobTransactionObject({
        orderId: intention.orderId,
        amount: childAmount,
        currency: intention.currency,
        reference: intention.reference,
        integrationId: intention.integration.id,
        parentTransactionId: parent['id'] as number,
        flags: {
          success: true,
          has_parent_transaction: true,
          is_refund: kind === 'refund',
          is_void: kind === 'void',
          is_capture: kind === 'capture',
          is_standalone_payment: false,
        },
        message: 'Approved',
      });
      record(intention, child);
      fromApi.push(await callback(intention, child));
      return json(200, child);
    };
  }

  function latestTransaction(intention: Intention): Record<string, unknown> | undefined {
    const last = intention.transactions.at(-1);
    return last === undefined ? undefined : transactions.get(last);
  }

  const checkoutRedirect = (_m: RegExpExecArray, request: EmulatorRequest): EmulatorResponse => {
    const intention = byClientSecret.get(request.query.get('clientSecret') ?? '');
    if (!intention || request.query.get('publicKey') !== publicKey) return notFound('Invalid checkout link.');
    return {
      status: 302,
      json: null,
      headers: { location: options.hostedUrl('paymob', String(intention.orderId)) },
    };
  };

  type AuthKind = 'secret' | 'token' | 'none';
  const routes: (Route & { auth: AuthKind })[] = [
    {
      method: 'POST',
      pattern: /^\/api\/auth\/tokens\/?$/,
      operation: 'token',
      auth: 'none',
      run: (_m, request) => {
        const body = readJsonObject(request.body);
        if (body?.['api_key'] !== apiKey)
          return json(403, { detail: 'Incorrect authentication credentials.' });
        const token = `ZXlK${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
        tokens.add(token);
        return json(201, { token, profile: { id: 302_852 } });
      },
    },
    {
      method: 'POST',
      pattern: /^\/v1\/intention\/?$/,
      operation: 'create',
      auth: 'secret',
      run: (_m, request) => {
        const body = readJsonObject(request.body);
        return body ? createIntention(body) : invalid({ detail: 'JSON parse error.' });
      },
    },
    {
      method: 'GET',
      pattern: /^\/unifiedcheckout\/?$/,
      operation: 'get',
      auth: 'none',
      run: checkoutRedirect,
    },
    {
      method: 'POST',
      pattern: /^\/api\/ecommerce\/orders\/transaction_inquiry\/?$/,
      operation: 'get',
      auth: 'token',
      run: (_m, request) => {
        const body = readJsonObject(request.body) ?? {};
        const byReference = str(body['merchant_order_id']);
        const intention =
          body['order_id'] !== undefined
            ? intentions.get(String(body['order_id']))
            : [...intentions.values()]
                .reverse()
                .find((i) => byReference !== undefined && i.reference === byReference);
        const latest = intention && latestTransaction(intention);
        return latest ? json(200, latest) : notFound();
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/ecommerce\/orders\/(\d+)\/?$/,
      operation: 'get',
      auth: 'token',
      run: (m) => {
        const intention = intentions.get(m[1]!);
        if (!intention) return notFound();
        return json(200, {
          id: intention.orderId,
          created_at: paymobTimestamp(new Date(intention.created)),
          amount_cents: intention.amount,
          currency: intention.currency,
          merchant_order_id: intention.reference ?? null,
          paid_amount_cents: intention.status === 'paid' ? intention.amount : 0,
          is_canceled: intention.status === 'canceled',
          items: [],
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/api\/acceptance\/transactions\/(\d+)\/?$/,
      operation: 'get',
      auth: 'token',
      run: (m) => {
        const obj = transactions.get(Number(m[1]));
        return obj ? json(200, obj) : notFound();
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/acceptance\/void_refund\/refund\/?$/,
      operation: 'refund',
      auth: 'secret',
      run: transactionOp('refund'),
    },
    {
      method: 'POST',
      pattern: /^\/api\/acceptance\/void_refund\/void\/?$/,
      operation: 'void',
      auth: 'secret',
      run: transactionOp('void'),
    },
    {
      method: 'POST',
      pattern: /^\/api\/acceptance\/capture\/?$/,
      operation: 'capture',
      auth: 'secret',
      run: transactionOp('capture'),
    },
  ];

  function authorize(route: Route, request: EmulatorRequest): EmulatorResponse | undefined {
    const kind = (route as Route & { auth: AuthKind }).auth;
    const header = request.headers.get('authorization') ?? '';
    if (kind === 'none') return undefined;
    if (kind === 'secret' && header === `Token ${secretKey}`) return undefined;
    if (kind === 'token' && /^Bearer\s+/i.test(header) && tokens.has(header.replace(/^Bearer\s+/i, '')))
      return undefined;
    return json(401, { detail: 'Authentication credentials were not provided.' });
  }

  function linkView(intention: Intention): LinkView {
    const latest = latestTransaction(intention);
    const redirect = intention.redirectionUrl;
    return {
      provider: 'paymob',
      id: String(intention.orderId),
      url: options.hostedUrl('paymob', String(intention.orderId)),
      amount: intention.amount,
      currency: intention.currency,
      description: undefined,
      reference: intention.reference,
      providerStatus: intention.status,
      open: intention.status === 'intended',
      redirects:
        redirect === undefined
          ? {}
          : { pay: redirectTarget(intention, latest), decline: redirectTarget(intention, latest) },
      webhookUrl: intention.notificationUrl ?? options.webhookUrl,
      createdAt: new Date(intention.created),
    };
  }

  /** Where the browser goes after paying: `redirection_url` with the transaction in the query (precomputed by `act`). */
  const redirectQueries = new Map<number, string>();
  function redirectTarget(intention: Intention, latest: Record<string, unknown> | undefined): string {
    const base = intention.redirectionUrl ?? '';
    const query = latest ? redirectQueries.get(latest['id'] as number) : undefined;
    return query === undefined ? base : `${base}${base.includes('?') ? '&' : '?'}${query}`;
  }

  async function act(
    id: string,
    action: PayerAction,
    actOptions: ActOptions = {},
  ): Promise<OutgoingWebhook[]> {
    const intention = requireLink(intentions, id, 'paymob');
    if (intention.status !== 'intended') {
      throw new SimulatorActionError(
        `paymob: order ${id} is ${intention.status}; its checkout takes no more payments.`,
      );
    }
    if (action === 'cancel' || action === 'expire') {
      intention.status = action === 'cancel' ? 'canceled' : 'expired';
      return [];
    }
    const paid = action === 'pay';
    const auth = intention.integration.authorize === true;
    const obj = paymobTransactionObject({
      orderId: intention.orderId,
      amount: intention.amount,
      currency: intention.currency,
      reference: intention.reference,
      integrationId: intention.integration.id,
      status: paid ? (auth ? 'authorized' : 'succeeded') : 'failed',
      message: paid ? 'Approved' : (actOptions.message ?? 'Do not honor'),
      extras: stringRecord(intention.body['extras']),
      sourceData:
        intention.integration.type === 'wallet'
          ? { type: 'wallet', pan: '01010101010', sub_type: 'wallet' }
          : undefined,
    });
    record(intention, obj);
    redirectQueries.set(obj['id'] as number, await paymobRedirectQuery(obj, hmacSecret));
    // Paymob's checkout takes one payment; a declined card ends this intention too (a new attempt needs a new intention).
    intention.status = paid ? 'paid' : 'failed';
    return [await callback(intention, obj)];
  }

  return {
    provider: 'paymob',
    handle: (request) => dispatch(routes, request, failures, errorBody, authorize),
    link: (id) => {
      const intention = intentions.get(id);
      return intention ? linkView(intention) : undefined;
    },
    links: () => [...intentions.values()].map(linkView),
    act,
    failNext: (rule) => failures.add(rule),
    reset: () => {
      intentions.clear();
      byClientSecret.clear();
      transactions.clear();
      tokens.clear();
      failures.clear();
      redirectQueries.clear();
      fromApi.length = 0;
    },
    drainApiWebhooks: () => fromApi.splice(0),
  };
}
