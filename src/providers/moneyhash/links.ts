/**
 * A `createPaymentLink` input → the body of `POST /api/v1.1/payments/intent/`, checked before any
 * request: the shared checks (core/input.ts), then MoneyHash's own rules (major units with at most
 * 12 integer digits and 2 decimals; exactly one of `flow_id` and `operation`; the reference in
 * `custom_fields.reference` and `merchant_reference`).
 */
import { ConfigurationError, InvalidRequestError } from '../../core/errors';
import { type CheckedLinkInput, checkLinkInput, requiredText } from '../../core/input';
import { formatMinorUnits } from '../../core/money';
import type { MoneyHashIntentOperation, MoneyHashLinkInput } from './types';

const PROVIDER = 'moneyhash';

/** MoneyHash allows at most 12 integer digits and 2 decimals. */
const MAX_INTEGER_DIGITS = 12;
const OPERATIONS: ReadonlySet<string> = new Set<MoneyHashIntentOperation>(['purchase', 'authorize']);

/** Minor units → MoneyHash's major-unit decimal with exactly 2 decimals (`1500 KWD` → `"1.50"`, `1505 KWD` refused). */
export function toMoneyHashAmount(amount: number, currency: string): string {
  const text = formatMinorUnits(amount, currency, { fractionDigits: 2 });
  const whole = text.slice(0, text.indexOf('.') < 0 ? text.length : text.indexOf('.'));
  if (whole.length > MAX_INTEGER_DIGITS) {
    throw new InvalidRequestError(
      `moneyhash: amounts have at most ${MAX_INTEGER_DIGITS} integer digits; ${text} ${currency} has ${whole.length}.`,
      { provider: PROVIDER, code: 'amount_too_large', field: 'amount' },
    );
  }
  return text;
}

/** An operation name from the input (`InvalidRequestError`) or the settings (`ConfigurationError`). */
export function checkOperation(value: unknown, where: 'input' | 'settings'): MoneyHashIntentOperation {
  if (typeof value === 'string' && OPERATIONS.has(value)) return value as MoneyHashIntentOperation;
  const message = `moneyhash: operation must be 'purchase' or 'authorize', got ${JSON.stringify(value)}.`;
  if (where === 'settings')
    throw new ConfigurationError(message, { provider: PROVIDER, code: 'invalid_setting' });
  throw new InvalidRequestError(message, { provider: PROVIDER, code: 'invalid_field', field: 'operation' });
}

/** How the intent is processed, from the input and the settings: exactly one of flow_id and operation. */
export type IntentMode = { flow_id: string } | { operation: MoneyHashIntentOperation };

/** The input's own flow or operation, if it names one. */
function inputMode(input: MoneyHashLinkInput): IntentMode | undefined {
  if (input.flowId !== undefined && input.operation !== undefined) {
    throw new InvalidRequestError('moneyhash: an intent takes either flowId or operation, not both.', {
      provider: PROVIDER,
      code: 'conflicting_fields',
      field: 'flowId',
    });
  }
  if (input.flowId !== undefined) return { flow_id: requiredText(input.flowId, 'flowId', PROVIDER) };
  if (input.operation !== undefined) return { operation: checkOperation(input.operation, 'input') };
  return undefined;
}

/**
 * `custom_fields`: the metadata plus `reference` (the key under which the merchant's reference
 * travels and comes back in webhooks). A metadata key `reference` that differs is refused.
 */
function customFields(
  reference: string,
  metadata: Record<string, string> | undefined,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key === 'reference' && value !== reference) {
      throw new InvalidRequestError(
        'moneyhash: metadata.reference differs from reference; the reference travels in custom_fields.reference.',
        { provider: PROVIDER, code: 'conflicting_fields', field: 'metadata.reference' },
      );
    }
    Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
  }
  fields['reference'] = reference;
  return fields;
}

function billingData(customer: Record<string, string>): Record<string, string> {
  const pairs: Array<[string, string | undefined]> = [
    ['first_name', customer['firstName']],
    ['last_name', customer['lastName']],
    ['name', customer['name']],
    ['email', customer['email']],
    ['phone_number', customer['phone']],
    ['address', customer['address']],
    ['city', customer['city']],
    ['state', customer['state']],
    ['postal_code', customer['postalCode']],
    ['country', customer['country']],
  ];
  return Object.fromEntries(pairs.filter((pair): pair is [string, string] => pair[1] !== undefined));
}

/** A checked input and the intent body built from it. */
export interface PreparedIntent {
  checked: CheckedLinkInput;
  amount: number;
  currency: string;
  body: Record<string, unknown>;
}

/**
 * Validates a link input and builds the intent body. `settingsMode` gives the flow or operation of
 * the settings, asked only when the input names none.
 */
export function prepareIntent(input: unknown, settingsMode: () => IntentMode): PreparedIntent {
  const checked = checkLinkInput(input, {
    provider: PROVIDER,
    supports: {
      successUrl: true,
      cancelUrl: true,
      failureUrl: true,
      pendingUrl: true,
      webhookUrl: true,
      expiresAt: true,
      metadata: true,
      customer: true,
    },
    unsupportedHint: { description: 'a MoneyHash intent has no description field; put it in metadata' },
  });
  const { amount, currency } = checked;
  const major = toMoneyHashAmount(amount, currency);
  const mode = inputMode(input as MoneyHashLinkInput) ?? settingsMode();
  const urls: Array<[string, string | undefined]> = [
    ['webhook_url', checked.webhookUrl],
    ['successful_redirect_url', checked.successUrl],
    ['failed_redirect_url', checked.failureUrl],
    ['pending_external_action_redirect_url', checked.pendingUrl],
    ['back_url', checked.cancelUrl],
  ];
  const body: Record<string, unknown> = {
    amount: major,
    amount_currency: currency,
    ...mode,
    custom_fields: customFields(checked.reference, checked.metadata),
    merchant_reference: checked.reference,
    ...Object.fromEntries(urls.filter(([, url]) => url !== undefined)),
  };
  if (checked.customer !== undefined) body['billing_data'] = billingData(checked.customer);
  // expires_after_seconds: whole seconds from now, rounded up (expiresAt is checked to be in the future).
  if (checked.expiresAt !== undefined)
    body['expires_after_seconds'] = Math.max(1, Math.ceil((checked.expiresAt.getTime() - Date.now()) / 1000));
  return { checked, amount, currency, body };
}
