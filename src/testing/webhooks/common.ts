/**
 * What the signed webhook builders share: the shape of a signed webhook, amounts written the way
 * providers write them, timestamps, and choosing an event by unified status or provider type.
 */
import { InvalidRequestError } from '../../core/errors';
import { assertMinorUnits, formatMinorUnits } from '../../core/money';
import type { PaymentStatus } from '../../core/status';

/** A webhook as a provider would send it: the exact body text and the headers that go with it. */
export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/**
 * The JSON number a provider writes for a major-unit amount (`1050 USD` → `10.5`). Obtained by
 * parsing the exact decimal string, as `JSON.parse` would; no arithmetic touches the amount.
 */
export function majorUnitsNumber(amount: number, currency: string): number {
  return Number(formatMinorUnits(amount, currency));
}

export function checkAmount(amount: number, field: string): number {
  assertMinorUnits(amount, { field, allowZero: true });
  return amount;
}

export function unixSeconds(value: number | Date | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (value instanceof Date) return Math.floor(value.getTime() / 1000);
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidRequestError('timestamp must be whole Unix seconds or a Date.', {
      code: 'invalid_timestamp',
      field: 'timestamp',
    });
  }
  return value;
}

export function pickType(
  provider: string,
  table: Readonly<Partial<Record<PaymentStatus, string>>>,
  type: string | undefined,
  status: PaymentStatus | undefined,
  fallback: string,
): string {
  if (type !== undefined) return type;
  if (status === undefined) return fallback;
  const picked = table[status];
  if (picked === undefined) {
    throw new InvalidRequestError(
      `${provider} sends no webhook that reports the status "${status}"; pass \`type\` to build a specific event.`,
      { code: 'unsupported_status', field: 'status', provider },
    );
  }
  return picked;
}

/** Half of an amount, rounded down (a partial refund in the builders). */
export function halfOf(amount: number): number {
  return Number(BigInt(amount) / 2n) || 1;
}
