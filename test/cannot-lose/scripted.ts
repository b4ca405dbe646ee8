/**
 * A provider whose webhooks say what they are (the JSON body is the event) and whose API answers
 * what the test scripted: for the confirmation, ordering and tenant tests of the handler, where
 * the point is the handler's decisions, not a provider's signature (the real adapters' coverage is
 * tested in coverage.test.ts).
 */
import {
  type Payment,
  type PaymentEvent,
  type PaymentStatus,
  ProviderError,
  type WebhookCoverage,
  type WebhookInput,
} from 'paybridge';

export const COVERED: WebhookCoverage = { paymentId: true, status: true, amount: true, reference: true };
export const STATUS_UNSIGNED: WebhookCoverage = {
  paymentId: true,
  status: false,
  amount: true,
  reference: true,
};

export interface ScriptedEvent {
  id: string;
  paymentId?: string;
  status: PaymentStatus;
  coverage?: WebhookCoverage;
  amount?: number;
  currency?: string;
  reference?: string;
  refundedAmount?: number;
}

/** The webhook of a scripted event: its body is the event itself. */
export function webhookOf(event: ScriptedEvent, url?: string): WebhookInput {
  return { body: JSON.stringify(event), headers: { 'content-type': 'application/json' }, url };
}

export interface ScriptedProvider {
  readonly name: string;
  parseWebhook(input: WebhookInput): Promise<PaymentEvent>;
  getPayment(id: string): Promise<Payment>;
  /** What getPayment answers, per payment id. */
  readonly api: Map<string, Payment>;
  /** The ids getPayment was asked about, in order. */
  readonly lookups: string[];
  /** The next getPayment calls throw this. */
  failLookups(error: Error | undefined): void;
}

export function apiPayment(id: string, status: PaymentStatus, extra: Partial<Payment> = {}): Payment {
  return {
    provider: 'scripted',
    id,
    status,
    providerStatus: status.toUpperCase(),
    amount: 1000,
    currency: 'SAR',
    reference: 'order-1',
    raw: {},
    ...extra,
  };
}

export function scriptedProvider(name = 'scripted'): ScriptedProvider {
  const api = new Map<string, Payment>();
  const lookups: string[] = [];
  let failure: Error | undefined;
  return {
    name,
    api,
    lookups,
    failLookups(error) {
      failure = error;
    },
    async parseWebhook(input) {
      const body = JSON.parse(String(input.body)) as ScriptedEvent;
      return {
        kind: 'payment',
        provider: name,
        id: body.id,
        type: 'scripted',
        raw: body,
        coverage: body.coverage ?? COVERED,
        status: body.status,
        providerStatus: body.status.toUpperCase(),
        paymentId: body.paymentId ?? 'pay_1',
        amount: body.amount ?? 1000,
        currency: body.currency ?? 'SAR',
        reference: body.reference ?? 'order-1',
        refundedAmount: body.refundedAmount,
      };
    },
    async getPayment(id) {
      lookups.push(id);
      if (failure) throw failure;
      const payment = api.get(id);
      if (!payment) {
        throw new ProviderError(
          { message: `No payment ${id}`, status: 404, code: 'not_found' },
          { provider: name },
        );
      }
      return payment;
    },
  };
}
