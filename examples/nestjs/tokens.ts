/** Injection tokens of the payments module (a file of their own, so no import cycle). */
import type { PaymentStatus } from 'paybridge';

/** The Moyasar adapter (`createMoyasar()`): inject it to create links, refund, … */
export const MOYASAR = 'paybridge:moyasar';
/** `createWebhookHandler` over that adapter: the webhook route hands it the raw body. */
export const MOYASAR_WEBHOOKS = 'paybridge:moyasar-webhooks';
/** The shop's orders by reference (a Map here; your database in an application). */
export const ORDERS = 'shop:orders';

export type Orders = Map<string, { status: PaymentStatus; paymentId: string }>;
