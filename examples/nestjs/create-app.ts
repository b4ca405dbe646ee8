/**
 * The Nest application. `rawBody: true` makes Nest keep the exact bytes of each JSON or form body in
 * `req.rawBody`, next to the parsed `req.body`: webhook verification needs those bytes.
 */
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PaymentsModule, type PaymentsOptions } from './payments.module';

export function createApp(
  options: PaymentsOptions = {},
  nest: NestApplicationOptions = {},
): Promise<INestApplication> {
  return NestFactory.create(PaymentsModule.forRoot(options), { ...nest, rawBody: true });
}
