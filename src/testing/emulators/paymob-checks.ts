/**
 * The Paymob emulator's checks of an intention body, answered the way Paymob answers: Django REST
 * Framework field errors (`{"billing_data": {"phone_number": ["This field is required."]}}`).
 */
import { isKnownCurrency } from '../../core/money';

/** Paymob's longest (and default) intention lifetime, in seconds (36 days). */
export const MAX_EXPIRATION = 3_110_400;

const REQUIRED = ['This field is required.'];

/** The field errors of an intention body (empty when it is acceptable). */
export function intentionErrors(body: Record<string, unknown>): Record<string, unknown> {
  const errors: Record<string, unknown> = {};
  const amount = body['amount'];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0)
    errors['amount'] = ['A valid integer is required.'];
  const currency = typeof body['currency'] === 'string' ? body['currency'].toUpperCase() : '';
  if (!isKnownCurrency(currency)) errors['currency'] = REQUIRED;
  const billing = body['billing_data'];
  if (typeof billing !== 'object' || billing === null) errors['billing_data'] = REQUIRED;
  else {
    const missing: Record<string, string[]> = {};
    for (const field of ['first_name', 'last_name', 'email', 'phone_number']) {
      const value = (billing as Record<string, unknown>)[field];
      if (typeof value !== 'string' || value.trim() === '') missing[field] = REQUIRED;
    }
    if (Object.keys(missing).length > 0) errors['billing_data'] = missing;
  }
  const methods = body['payment_methods'];
  if (!Array.isArray(methods) || methods.length === 0) errors['payment_methods'] = REQUIRED;
  const expiration = body['expiration'];
  const validExpiration =
    typeof expiration === 'number' &&
    Number.isInteger(expiration) &&
    expiration > 0 &&
    expiration <= MAX_EXPIRATION;
  if (expiration !== undefined && !validExpiration)
    errors['expiration'] = [`Ensure this value is less than or equal to ${MAX_EXPIRATION}.`];
  if (body['expires_at'] !== undefined && Number.isNaN(Date.parse(String(body['expires_at']))))
    errors['expires_at'] = ['Datetime has wrong format.'];
  return errors;
}
