/**
 * MoneyHash payment intents, in memory: create (v1.1 and v1.4 paths), retrieve, close, the
 * webhook-signature-key call, and the payer's actions with their webhooks
 * (`transaction.purchase.successful` + `intent.processed`, `transaction.purchase.failed`,
 * `intent.closed`, `intent.time_expired`), signed with `MoneyHash-Signature` v3.
 */
import { InvalidRequestError } from '../../core/errors';
import { formatMinorUnits, isKnownCurrency, toMinorUnits } from '../../core/money';
import { TEST_CREDENTIALS } from '../defaults';
import { shortId, uuid } from '../ids';
import { majorUnitsNumber } from '../webhooks/common';
import { moneyHashWebhookPayload, signMoneyHashBody } from '../webhooks/moneyhash';
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

export interface MoneyHashEmulatorOptions {
  /** The API key accepted in `X-Api-Key` (default `TEST_CREDENTIALS.moneyhash.apiKey`). */
  apiKey?: string;
  /** The webhook signature secret (default `TEST_CREDENTIALS.moneyhash.webhookSecret`). */
  webhookSecret?: string;
}

interface Intent {
  id: string;
  status: 'UNPROCESSED' | 'PROCESSED' | 'CLOSED' | 'TIME_EXPIRED';
  amount: number;
  currency: string;
  operation: string | null;
  flowId: string | null;
  customFields: Record<string, unknown> | null;
  merchantReference: string | undefined;
  body: Record<string, unknown>;
  transactions: Record<string, unknown>[];
  paymentStatus: string;
  /** Minor units captured, refunded; whether the authorization was voided. */
  captured: number;
  refunded: number;
  voided: boolean;
  created: Date;
  expiration: Date | undefined;
}

const envelope = (
  code: number,
  data: unknown,
  errors: unknown[] = [],
  message = code === 200 ? 'success' : '',
) => ({
  status: { code, message, errors },
  data,
  count: null,
  next: null,
  previous: null,
});

const errorBody = (code: number, message: string) => envelope(code, {}, [{ detail: message }], message);

export function createMoneyHashEmulator(
  options: MoneyHashEmulatorOptions & EmulatorOptions,
): ProviderEmulator & { readonly webhookSecret: string } {
  const apiKey = options.apiKey ?? TEST_CREDENTIALS.moneyhash.apiKey;
  const webhookSecret = options.webhookSecret ?? TEST_CREDENTIALS.moneyhash.webhookSecret;
  const intents = new Map<string, Intent>();
  const failures = new FailureQueue();

  function view(intent: Intent) {
    const balances = balancesOf(intent);
    const active = intent.transactions.at(-1) ?? null;
    return {
      id: intent.id,
      embed_url: options.hostedUrl('moneyhash', intent.id),
      status: intent.status,
      amount: majorUnitsNumber(intent.amount, intent.currency),
      amount_currency: intent.currency,
      type: 'Payin',
      operation: intent.operation,
      flow_id: intent.flowId,
      custom_fields: intent.customFields,
      merchant_reference: intent.merchantReference ?? null,
      webhook_url: str(intent.body['webhook_url']) ?? null,
      successful_redirect_url: str(intent.body['successful_redirect_url']) ?? null,
      failed_redirect_url: str(intent.body['failed_redirect_url']) ?? null,
      pending_external_action_redirect_url: str(intent.body['pending_external_action_redirect_url']) ?? null,
      back_url: str(intent.body['back_url']) ?? null,
      billing_data: intent.body['billing_data'] ?? null,
      expiration_date: intent.expiration?.toISOString() ?? null,
      is_live: false,
      created: intent.created.toISOString(),
      active_transaction: active,
      transactions_history: intent.transactions,
      payment_status: { status: intent.paymentStatus, balances },
    };
  }

  function balancesOf(intent: Intent) {
    const authorized = intent.status === 'PROCESSED' ? intent.amount : 0;
    const open = intent.voided || intent.captured > 0 ? 0 : authorized;
    const money = (minor: number) => formatMinorUnits(minor, intent.currency, { fractionDigits: 2 });
    return {
      total_authorized: money(authorized),
      total_captured: money(intent.captured),
      total_refunded: money(intent.refunded),
      total_voided: money(intent.voided ? authorized : 0),
      available_to_refund: money(intent.captured - intent.refunded),
      available_to_capture: money(open),
      available_to_void: money(open),
    };
  }

  function create(request: EmulatorRequest): EmulatorResponse {
    const body = readJsonObject(request.body);
    if (!body) return json(400, envelope(400, {}, [{ non_field_errors: 'Invalid JSON body.' }]));
    const errors: Record<string, string>[] = [];
    const currency = str(body['amount_currency'])?.toUpperCase();
    if (!currency) errors.push({ amount_currency: 'This field is required.' });
    else if (!isKnownCurrency(currency))
      errors.push({ amount_currency: `"${currency}" is not a valid choice.` });
    let amount: number | undefined;
    const rawAmount = body['amount'];
    if (rawAmount === undefined || rawAmount === null || rawAmount === '') {
      errors.push({ amount: 'This field is required.' });
    } else if (currency && isKnownCurrency(currency)) {
      const text = typeof rawAmount === 'number' ? String(rawAmount) : String(rawAmount);
      if (!/^\d{1,12}(\.\d{1,2})?$/.test(text)) {
        errors.push({
          amount: 'Ensure that there are no more than 12 digits before and 2 after the decimal point.',
        });
      } else {
        try {
          amount = toMinorUnits(text, currency, { allowExtraZeroDecimals: true });
          if (amount <= 0) errors.push({ amount: 'Ensure this value is greater than 0.' });
        } catch (error) {
          errors.push({
            amount: error instanceof InvalidRequestError ? error.message : 'A valid number is required.',
          });
        }
      }
    }
    const flowId = str(body['flow_id']) ?? null;
    const operation = str(body['operation']) ?? null;
    if ((flowId === null) === (operation === null)) {
      errors.push({ non_field_errors: 'Provide exactly one of flow_id and operation.' });
    } else if (operation !== null && operation !== 'purchase' && operation !== 'authorize') {
      errors.push({ operation: `"${operation}" is not a valid choice.` });
    }
    const customFields = body['custom_fields'];
    if (
      customFields !== undefined &&
      customFields !== null &&
      (typeof customFields !== 'object' || Array.isArray(customFields))
    ) {
      errors.push({ custom_fields: 'Must be an object.' });
    }
    const expiresAfter = body['expires_after_seconds'];
    if (
      expiresAfter !== undefined &&
      expiresAfter !== null &&
      (!Number.isInteger(expiresAfter) || (expiresAfter as number) <= 0)
    ) {
      errors.push({ expires_after_seconds: 'A valid positive integer is required.' });
    }
    if (errors.length > 0 || amount === undefined || !currency) return json(400, envelope(400, {}, errors));
    const created = currentDate(options);
    const intent: Intent = {
      id: uniqueId(),
      status: 'UNPROCESSED',
      amount,
      currency,
      operation,
      flowId,
      customFields: (customFields as Record<string, unknown> | null | undefined) ?? null,
      merchantReference: str(body['merchant_reference']),
      body,
      transactions: [],
      paymentStatus: 'NO_AUTHORIZE_ATTEMPTS',
      captured: 0,
      refunded: 0,
      voided: false,
      created,
      expiration:
        typeof expiresAfter === 'number' ? new Date(created.getTime() + expiresAfter * 1000) : undefined,
    };
    intents.set(intent.id, intent);
    return json(200, envelope(200, view(intent)));
  }

  function uniqueId(): string {
    let id = shortId();
    while (intents.has(id)) id = shortId();
    return id;
  }

  const notFound = () => json(404, envelope(404, {}, [{ detail: 'Not found.' }], 'Not found.'));

  type TransactionOperation = 'capture' | 'void' | 'refund';

  /** Capture, void or refund a successful transaction (the adapters' `capture`, `void`, `refund`). */
  async function transactionOperation(
    transactionId: string,
    operation: TransactionOperation,
    request: EmulatorRequest,
  ): Promise<EmulatorResponse> {
    const intent = [...intents.values()].find((i) => i.transactions.some((t) => t['id'] === transactionId));
    const tx = intent?.transactions.find((t) => t['id'] === transactionId);
    if (!intent || !tx) return notFound();
    const refuse = (message: string) => json(400, envelope(400, {}, [{ transaction: message }]));
    if (intent.status !== 'PROCESSED' || tx['status'] === 'FAILED')
      return refuse('The transaction was not successful.');
    const body = readJsonObject(request.body) ?? {};
    let amount: number | undefined;
    if (body['amount'] !== undefined && body['amount'] !== null) {
      try {
        amount = toMinorUnits(String(body['amount']), intent.currency, { allowExtraZeroDecimals: true });
      } catch {
        return json(400, envelope(400, {}, [{ amount: 'A valid number is required.' }]));
      }
    }
    if (operation === 'capture') {
      const open = intent.voided || intent.captured > 0 ? 0 : intent.amount;
      if (intent.paymentStatus !== 'AUTHORIZED' || open === 0) return refuse('Nothing left to capture.');
      if (amount !== undefined && (amount <= 0 || amount > open))
        return refuse('Amount exceeds the authorized amount.');
      intent.captured = amount ?? open;
      intent.paymentStatus = 'CAPTURED';
    } else if (operation === 'void') {
      if (intent.paymentStatus !== 'AUTHORIZED' || intent.voided) {
        return refuse('Only an uncaptured authorization can be voided.');
      }
      intent.voided = true;
      tx['status'] = 'VOIDED';
    } else {
      const available = intent.captured - intent.refunded;
      if (available <= 0) return refuse('Nothing left to refund.');
      if (amount !== undefined && (amount <= 0 || amount > available)) {
        return refuse('Amount exceeds the refundable amount.');
      }
      intent.refunded += amount ?? available;
      tx['status'] = intent.refunded >= intent.captured ? 'FULLY_REFUNDED' : 'PARTIALLY_REFUNDED';
    }
    const done = amount ?? (operation === 'refund' ? intent.refunded : intent.amount);
    const refundAmount = operation === 'refund' ? done : undefined;
    pendingFromApi.push(
      await webhook(intent, `transaction.${operation}.successful`, transactionId, undefined, refundAmount),
    );
    return json(
      200,
      envelope(200, {
        intent: { id: intent.id },
        transaction: {
          id: transactionId,
          status: tx['status'],
          operations: [
            {
              id: shortId(),
              type: operation,
              status: 'successful',
              amount: { value: majorUnitsNumber(done, intent.currency), currency: intent.currency },
            },
          ],
        },
      }),
    );
  }

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: /^\/api\/v1\.[14]\/payments\/intent\/$/,
      operation: 'create',
      run: (_m, r) => create(r),
    },
    {
      method: 'GET',
      pattern: /^\/api\/v1\.[14]\/payments\/intent\/([^/]+)\/$/,
      operation: 'get',
      run: (m) => {
        const intent = intents.get(decodeURIComponent(m[1]!));
        return intent ? json(200, envelope(200, view(intent))) : notFound();
      },
    },
    {
      method: 'POST',
      pattern: /^\/api\/v1\.[14]\/payments\/intent\/([^/]+)\/close\/$/,
      operation: 'cancel',
      run: async (m) => {
        const intent = intents.get(decodeURIComponent(m[1]!));
        if (!intent) return notFound();
        if (intent.status !== 'UNPROCESSED') {
          return json(
            400,
            envelope(400, {}, [{ intent: `The intent is ${intent.status} and cannot be closed.` }]),
          );
        }
        pendingFromApi.push(...(await act(intent.id, 'cancel')));
        return json(200, envelope(200, view(intent)));
      },
    },
    ...(['capture', 'void', 'refund'] as const).map(
      (operation): Route => ({
        method: 'POST',
        pattern: new RegExp(`^/api/v1\\.[14]/payments/transactions/([^/]+)/${operation}/$`),
        operation,
        run: (m, request) => transactionOperation(decodeURIComponent(m[1]!), operation, request),
      }),
    ),
    {
      method: 'GET',
      pattern: /^\/api\/v1\/organizations\/get-webhook-signature-key\/$/,
      operation: 'signature_key',
      run: () => json(200, envelope(200, { webhook_signature_secret: webhookSecret })),
    },
  ];

  // Webhooks caused by API calls (closing an intent); the owner collects them with `drainApiWebhooks`.
  const pendingFromApi: OutgoingWebhook[] = [];

  function authorize(_route: Route, request: EmulatorRequest): EmulatorResponse | undefined {
    const key =
      request.headers.get('x-api-key') ??
      /^Token\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (key === apiKey) return undefined;
    return json(401, envelope(401, {}, [{ detail: 'Invalid API key.' }], 'Invalid API key.'));
  }

  function linkView(intent: Intent): LinkView {
    return {
      provider: 'moneyhash',
      id: intent.id,
      url: options.hostedUrl('moneyhash', intent.id),
      amount: intent.amount,
      currency: intent.currency,
      description: str(intent.body['description']) ?? str(intent.customFields?.['description']),
      reference: intent.merchantReference ?? str(intent.customFields?.['reference']),
      providerStatus: intent.status,
      open: intent.status === 'UNPROCESSED',
      redirects: {
        ...(str(intent.body['successful_redirect_url'])
          ? { pay: str(intent.body['successful_redirect_url']) }
          : {}),
        ...(str(intent.body['failed_redirect_url'])
          ? { decline: str(intent.body['failed_redirect_url']) }
          : {}),
        ...(str(intent.body['back_url']) ? { cancel: str(intent.body['back_url']) } : {}),
      },
      webhookUrl: str(intent.body['webhook_url']),
      createdAt: intent.created,
      expiresAt: intent.expiration,
    };
  }

  async function webhook(
    intent: Intent,
    type: string,
    transactionId?: string,
    message?: string,
    refundAmount?: number,
  ): Promise<OutgoingWebhook> {
    const payload = moneyHashWebhookPayload({
      type,
      intentId: intent.id,
      transactionId,
      amount: intent.amount,
      currency: intent.currency,
      customFields: intent.customFields,
      reference: intent.merchantReference,
      createdAt: intent.created,
      message,
      refundAmount,
    });
    const signed = await signMoneyHashBody(JSON.stringify(payload), { secret: webhookSecret });
    return {
      ...signed,
      provider: 'moneyhash',
      linkId: intent.id,
      type,
      url: str(intent.body['webhook_url']),
    };
  }

  function transaction(intent: Intent, status: string, message: string) {
    const tx = {
      id: uuid(),
      custom_fields: null,
      created: currentDate(options).toISOString(),
      status,
      amount: formatMinorUnits(intent.amount, intent.currency, { fractionDigits: 2 }),
      amount_currency: intent.currency,
      merchant_reference: intent.merchantReference ?? null,
      operation: intent.operation ?? 'purchase',
      payment_method: 'CARD',
      payment_method_name: 'Card',
      custom_message: message,
      external_action_message: [],
    };
    intent.transactions.push(tx);
    return tx;
  }

  async function act(
    id: string,
    action: PayerAction,
    actOptions: ActOptions = {},
  ): Promise<OutgoingWebhook[]> {
    const intent = requireLink(intents, id, 'moneyhash');
    if (intent.status !== 'UNPROCESSED') {
      throw new SimulatorActionError(
        `moneyhash: intent ${id} is ${intent.status}; nothing more can happen to it.`,
      );
    }
    const op = intent.operation === 'authorize' ? 'authorize' : 'purchase';
    switch (action) {
      case 'pay': {
        const tx = transaction(intent, 'SUCCESSFUL', 'Successful');
        intent.status = 'PROCESSED';
        intent.paymentStatus = op === 'authorize' ? 'AUTHORIZED' : 'CAPTURED';
        intent.captured = op === 'authorize' ? 0 : intent.amount;
        return [
          await webhook(intent, `transaction.${op}.successful`, tx.id),
          await webhook(intent, 'intent.processed', tx.id),
        ];
      }
      case 'decline': {
        // The intent stays UNPROCESSED: on MoneyHash the payer may try again.
        const message = actOptions.message ?? 'Declined by the simulator';
        const tx = transaction(intent, 'FAILED', message);
        intent.paymentStatus = 'AUTHORIZE_ATTEMPT_FAILED';
        return [await webhook(intent, `transaction.${op}.failed`, tx.id, message)];
      }
      case 'cancel':
        intent.status = 'CLOSED';
        return [await webhook(intent, 'intent.closed')];
      case 'expire':
        intent.status = 'TIME_EXPIRED';
        intent.paymentStatus = intent.transactions.length > 0 ? intent.paymentStatus : 'EXPIRED';
        return [await webhook(intent, 'intent.time_expired')];
    }
  }

  return {
    provider: 'moneyhash',
    webhookSecret,
    handle: (request) => dispatch(routes, request, failures, errorBody, authorize),
    link: (id) => {
      const intent = intents.get(id);
      return intent ? linkView(intent) : undefined;
    },
    links: () => [...intents.values()].map(linkView),
    act,
    failNext: (rule) => failures.add(rule),
    reset: () => {
      intents.clear();
      failures.clear();
      pendingFromApi.length = 0;
    },
    drainApiWebhooks: () => pendingFromApi.splice(0),
  };
}
