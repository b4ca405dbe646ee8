/**
 * The payments module: the Moyasar adapter and its webhook handler are providers (by token, see
 * tokens.ts), so any service can inject the adapter to create links or refund, and the controller
 * injects the handler. `PaymentsModule.forRoot()` reads MOYASAR_SECRET_KEY and
 * MOYASAR_WEBHOOK_SECRET from the environment; tests pass their own adapter and hooks.
 */
import { type DynamicModule, Module } from '@nestjs/common';
import { createWebhookHandler } from 'paybridge';
import { createMoyasar, type Moyasar } from 'paybridge/moyasar';
import { MOYASAR, MOYASAR_WEBHOOKS, ORDERS, type Orders } from './tokens';
import { OrdersController, WebhooksController } from './webhooks.controller';

export interface PaymentsOptions {
  moyasar?: Moyasar;
  orders?: Orders;
  /** Ship the goods, send the receipt… A throw answers 500, so Moyasar retries the webhook. */
  fulfil?: (reference: string) => unknown;
}

@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: a Nest dynamic module is a class with a static forRoot()
export class PaymentsModule {
  static forRoot(options: PaymentsOptions = {}): DynamicModule {
    const fulfil = options.fulfil ?? ((reference: string) => console.log(`order ${reference} paid`));
    return {
      module: PaymentsModule,
      controllers: [WebhooksController, OrdersController],
      providers: [
        { provide: MOYASAR, useFactory: () => options.moyasar ?? createMoyasar() },
        { provide: ORDERS, useValue: options.orders ?? new Map() },
        {
          provide: MOYASAR_WEBHOOKS,
          inject: [MOYASAR, ORDERS],
          useFactory: (moyasar: Moyasar, orders: Orders) =>
            createWebhookHandler({
              provider: moyasar,
              async onEvent(event) {
                if (event.kind !== 'payment') return; // refunds of transfers, … : nothing to do here
                const reference = event.reference ?? event.paymentId;
                if (event.status === 'succeeded') await fulfil(reference);
                orders.set(reference, { status: event.status, paymentId: event.paymentId });
              },
            }),
        },
      ],
      exports: [MOYASAR],
    };
  }
}
