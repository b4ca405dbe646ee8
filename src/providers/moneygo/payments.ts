/**
 * Money-Go's `GET /api/transaction/show` answer in unified terms. Amounts are read exactly from the
 * decimal strings (or numbers) Money-Go sends; ISO 4217 decides a currency's decimals, Money-Go's
 * own `precession` only for codes paybridge does not know.
 */
import { InvalidResponseError, PaybridgeError } from '../../core/errors';
import { isKnownCurrency, parseProviderAmount } from '../../core/money';
import type { MoneyGoTransactionData } from './api';
import { isCancelled, toPaymentStatus } from './status';
import type { MoneyGoPayment } from './types';

const PROVIDER = 'moneygo' as const;

export function toPayment(data: MoneyGoTransactionData, reference: string): MoneyGoPayment {
  const pp = data.processing_pay ?? undefined;
  const currencyField = data.currency;
  const code =
    (typeof currencyField === 'string' ? currencyField : currencyField?.code) ?? pp?.currency_to ?? undefined;
  if (code === undefined) {
    throw new InvalidResponseError('Money-Go answered GET /api/transaction/show without a currency.', {
      provider: PROVIDER,
      path: 'data.currency',
    });
  }
  const currency = code.trim().toUpperCase();
  const precision = typeof currencyField === 'object' ? currencyField?.precession : undefined;
  // Money-Go's own precision is used only for codes paybridge does not know (ISO 4217 wins).
  const exponents =
    !isKnownCurrency(currency) && typeof precision === 'number' ? { [currency]: precision } : undefined;
  const minor = (value: number | string, field: string): number => {
    try {
      return parseProviderAmount(value, currency, { exponents, field }).amount;
    } catch (error) {
      if (!PaybridgeError.isInstance(error)) throw error;
      throw new InvalidResponseError(`Money-Go answered GET /api/transaction/show with ${error.message}`, {
        provider: PROVIDER,
        path: `data.${field}`,
      });
    }
  };
  const commission =
    data.commission === undefined || data.commission === null
      ? undefined
      : minor(data.commission, 'commission');
  return {
    provider: PROVIDER,
    id: data.external_id ?? reference,
    reference: data.external_id ?? reference,
    status: toPaymentStatus(data.status, pp?.cancel),
    providerStatus: data.status,
    amount: minor(data.amount, 'amount'),
    currency,
    transactionId: data.id,
    checkoutTransactionId: pp?.transaction_id ?? undefined,
    checkoutAmount:
      pp?.amount === undefined || pp.amount === null ? undefined : minor(pp.amount, 'processing_pay.amount'),
    commission,
    walletFrom: pp?.wallet_from ?? undefined,
    walletTo: pp?.wallet_to ?? undefined,
    cancel: isCancelled(pp?.cancel),
    raw: data,
  };
}
