/**
 * paybridge/moneyhash: `createMoneyHash(settings)`, a `PaymentProvider` over MoneyHash payment
 * intents, plus MoneyHash's own operations (close an intent, capture, void, refund, fetch the
 * webhook secret) and the v3 webhook signature.
 *
 * Lists: none. MoneyHash documents no endpoint that lists intents or transactions (its answers'
 * envelope has `count`, `next` and `previous`, but no documented call fills them with a list), so
 * this adapter has no `iterate…` method; find a payment by the id `createPaymentLink` returned.
 *
 * This file wires the adapter together; see api.ts (endpoints, schemas), links.ts (input → intent),
 * payments.ts (answers → unified objects), webhooks.ts and events.ts, signature.ts, status.ts and
 * errors.ts.
 *
 * @module paybridge/moneyhash
 */
import { normalizeBaseUrl, readSetting, requireSetting } from '../../core/config';
import { ConfigurationError, InvalidRequestError } from '../../core/errors';
import { adapterSettings, guardAdapter } from '../../core/guard';
import { createHttpClient, type HttpClient, transportSettings } from '../../core/http';
import { readTarget } from '../../core/input';
import { assertMinorUnits, normalizeCurrencyCode } from '../../core/money';
import { registerSecret } from '../../core/redact';
import type { RequestOptions } from '../../core/types';
import {
  API_KEY_HEADER,
  CREATE_INTENT_PATH,
  captureTransactionPath,
  closeIntentPath,
  DEFAULT_BASE_URL,
  IDEMPOTENCY_HEADER,
  intentPath,
  refundTransactionPath,
  schemas,
  voidTransactionPath,
  WEBHOOK_SIGNATURE_KEY_PATH,
} from './api';
import { moneyHashErrorInBody, parseMoneyHashError } from './errors';
import { checkOperation, type IntentMode, prepareIntent, toMoneyHashAmount } from './links';
import { toMoneyHashPayment, toOperationResult } from './payments';
import { mapIntentStatus } from './status';
import type { MoneyHash, MoneyHashOperationResult, MoneyHashSettings, MoneyHashTarget } from './types';
import { moneyHashWebhookParser } from './webhook-settings';

export {
  DEFAULT_BASE_URL as MONEYHASH_DEFAULT_BASE_URL,
  SIGNATURE_HEADER as MONEYHASH_SIGNATURE_HEADER,
} from './api';
export { signMoneyHashWebhook } from './signature';
export {
  MONEYHASH_EVENT_FAMILIES,
  MONEYHASH_EVENT_TYPES,
  MONEYHASH_STATUS_TABLE,
  type MoneyHashEventFamily,
  type MoneyHashEventType,
  type MoneyHashFlow,
  type RefundExtent,
  type StatusRow as MoneyHashStatusRow,
} from './status';
export type {
  MoneyHash,
  MoneyHashBulkPayoutEvent,
  MoneyHashCardTokenEvent,
  MoneyHashClosedIntent,
  MoneyHashCustomerEvent,
  MoneyHashIntentOperation,
  MoneyHashLinkInput,
  MoneyHashOperationResult,
  MoneyHashPayment,
  MoneyHashPaymentDetails,
  MoneyHashPaymentEvent,
  MoneyHashPaymentMethodEvent,
  MoneyHashPayoutEvent,
  MoneyHashSettings,
  MoneyHashSubscriptionEvent,
  MoneyHashTarget,
  MoneyHashUnknownEvent,
  MoneyHashWebhookEvent,
} from './types';

const PROVIDER = 'moneyhash' as const;

const OPERATION_PATHS = {
  capture: captureTransactionPath,
  void: voidTransactionPath,
  refund: refundTransactionPath,
} as const;

/** Creates the MoneyHash adapter. Never throws for missing credentials: the first call that needs one does. */
export function createMoneyHash(rawSettings?: MoneyHashSettings | null): MoneyHash {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  const apiKey = (): string =>
    requireSetting(settings.apiKey, { provider: PROVIDER, setting: 'apiKey', envVar: 'MONEYHASH_API_KEY' });

  let client: HttpClient | undefined;
  const http = (): HttpClient => {
    check();
    apiKey();
    client ??= createHttpClient({
      provider: PROVIDER,
      baseUrl: normalizeBaseUrl(settings.baseUrl ?? DEFAULT_BASE_URL, PROVIDER),
      ...transportSettings(settings, PROVIDER),
      authorize: (request) => {
        request.headers.set(API_KEY_HEADER, apiKey());
      },
      parseError: parseMoneyHashError,
      errorInBody: moneyHashErrorInBody,
      idempotencyHeader: IDEMPOTENCY_HEADER,
      retryWithIdempotencyKey: settings.retryWithIdempotencyKey === true,
    });
    return client;
  };

  /** The settings' flow or operation, when the link input names none (precedence: see `operation`). */
  function settingsMode(): IntentMode {
    if (settings.flowId !== undefined && settings.operation !== undefined) {
      throw new ConfigurationError(
        'moneyhash: set either `flowId` or `operation` in the settings, not both (MoneyHash takes exactly one).',
        { provider: PROVIDER, code: 'conflicting_settings' },
      );
    }
    if (settings.operation !== undefined)
      return { operation: checkOperation(settings.operation, 'settings') };
    const flowId = readSetting(settings.flowId, {
      provider: PROVIDER,
      setting: 'flowId',
      envVar: 'MONEYHASH_FLOW_ID',
      secret: false,
    });
    return flowId !== undefined ? { flow_id: flowId } : { operation: 'purchase' };
  }

  async function getPayment(intentId: string, options?: RequestOptions) {
    const path = intentPath(intentId);
    const raw = await http().request({
      method: 'GET',
      operation: 'getPayment',
      path,
      schema: (await schemas.load()).getIntentResponse,
      options,
    });
    return toMoneyHashPayment(raw.data, raw);
  }

  async function operate(
    operation: MoneyHashOperationResult['operation'],
    target: MoneyHashTarget,
    amount: number | undefined,
    options: RequestOptions | undefined,
  ): Promise<MoneyHashOperationResult> {
    const { paymentId, transactionId: given } = readTarget(target, PROVIDER);
    if (amount !== undefined) assertMinorUnits(amount);
    let transactionId = given;
    let currency =
      typeof target === 'object' && target.currency !== undefined
        ? normalizeCurrencyCode(target.currency)
        : undefined;
    if (paymentId !== undefined) {
      const payment = await getPayment(paymentId, options);
      if (payment.transactionId === undefined) {
        throw new InvalidRequestError(`moneyhash: intent ${paymentId} has no transaction to ${operation}.`, {
          provider: PROVIDER,
          code: 'no_transaction',
          field: 'paymentId',
        });
      }
      transactionId = payment.transactionId;
      currency = payment.currency;
    }
    let json: Record<string, string> = {};
    if (amount !== undefined) {
      if (currency === undefined) {
        throw new InvalidRequestError(
          `moneyhash: ${operation} with an amount on a transaction needs its currency: { transactionId, currency }.`,
          { provider: PROVIDER, code: 'missing_field', field: 'currency' },
        );
      }
      const major = toMoneyHashAmount(amount, currency);
      // Capture's documented body is { amount }; void and refund send the currency too (Magento plugin).
      json = operation === 'capture' ? { amount: major } : { amount: major, amount_currency: currency };
    }
    const id = transactionId as string;
    const raw = await http().request({
      method: 'POST',
      operation,
      path: OPERATION_PATHS[operation](id),
      json,
      schema: (await schemas.load()).transactionOperationResponse,
      options,
    });
    return toOperationResult(operation, id, raw);
  }

  return guardAdapter<MoneyHash>(
    {
      name: PROVIDER,

      async createPaymentLink(input, options) {
        check();
        const prepared = prepareIntent(input, settingsMode);
        const raw = await http().request({
          method: 'POST',
          operation: 'createPaymentLink',
          path: CREATE_INTENT_PATH,
          json: prepared.body,
          schema: (await schemas.load()).createIntentResponse,
          options,
        });
        return {
          provider: PROVIDER,
          id: raw.data.id,
          url: raw.data.embed_url,
          status: 'pending',
          amount: prepared.amount,
          currency: prepared.currency,
          reference: prepared.checked.reference,
          expiresAt: prepared.checked.expiresAt,
          raw,
        };
      },

      getPayment,

      async cancelPaymentLink(intentId, options) {
        const path = closeIntentPath(intentId);
        const raw = await http().request({
          method: 'POST',
          operation: 'cancelPaymentLink',
          path,
          schema: (await schemas.load()).closeIntentResponse,
          options,
        });
        const answered = raw.data?.status;
        const status = typeof answered === 'string' && answered !== '' ? answered : 'CLOSED';
        return {
          provider: PROVIDER,
          id: intentId,
          status: mapIntentStatus({ intentStatus: status, refund: 'unknown' }),
          providerStatus: status,
          raw,
        };
      },

      capture: (target, amount, options) => operate('capture', target, amount, options),
      void: (target, amount, options) => operate('void', target, amount, options),
      refund: (target, amount, options) => operate('refund', target, amount, options),

      async fetchWebhookSecret(options) {
        const raw = await http().request({
          method: 'GET',
          operation: 'fetchWebhookSecret',
          path: WEBHOOK_SIGNATURE_KEY_PATH,
          schema: (await schemas.load()).webhookSecretResponse,
          options,
        });
        const secret = raw.data.webhook_signature_secret;
        registerSecret(secret);
        return secret;
      },

      parseWebhook: moneyHashWebhookParser(settings, check),
    },
    PROVIDER,
  );
}
