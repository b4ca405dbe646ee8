/**
 * The webhook route hands `req.rawBody` (kept by `rawBody: true`, create-app.ts) to the handler and
 * answers with the handler's status, headers and body: 200 processed or duplicate, 401 forged, 503
 * while another copy is in flight, 500 when onEvent threw (Moyasar retries every non-2xx).
 */
import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Param,
  Post,
  type RawBodyRequest,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { WebhookHandler } from 'paybridge';
import type { MoyasarWebhookEvent } from 'paybridge/moyasar';
import { MOYASAR_WEBHOOKS, ORDERS, type Orders } from './tokens';

@Controller('webhooks')
export class WebhooksController {
  constructor(@Inject(MOYASAR_WEBHOOKS) private readonly webhooks: WebhookHandler<MoyasarWebhookEvent>) {}

  @Post('moyasar')
  async moyasar(@Req() req: RawBodyRequest<Request>, @Res() res: Response): Promise<void> {
    const result = await this.webhooks.handle({ body: req.rawBody ?? '', headers: req.headers });
    res.status(result.status).set(result.headers).send(JSON.stringify(result.body));
  }
}

@Controller('orders')
export class OrdersController {
  constructor(@Inject(ORDERS) private readonly orders: Orders) {}

  @Get(':reference')
  find(@Param('reference') reference: string): { status: string; paymentId: string } {
    const order = this.orders.get(reference);
    if (!order) throw new NotFoundException();
    return order;
  }
}
