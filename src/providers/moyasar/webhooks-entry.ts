/**
 * paybridge/moyasar/webhooks: verifying and parsing Moyasar webhooks, and nothing else. It bundles
 * without the HTTP client (ky) and the API's code: for a program (an edge function, a queue
 * consumer) that only receives webhooks.
 *
 * ```ts
 * import { createWebhookHandler } from 'paybridge';
 * import { createMoyasarWebhooks } from 'paybridge/moyasar/webhooks';
 *
 * const moyasar = createMoyasarWebhooks(); // MOYASAR_WEBHOOK_SECRET (and MOYASAR_SECRET_KEY's mode, if set)
 * const handler = createWebhookHandler({ provider: moyasar, confirm: 'never', onEvent });
 * ```
 *
 * `parseWebhook` is the one of `createMoyasar` (same settings, same events, same errors). There is
 * no `getPayment`: the webhook handler cannot confirm an event with the API, so pass
 * `confirm: 'never'` (Moyasar's `secret_token` covers every field, so no event needs confirming
 * under the default `'unverified'` either), or use `createMoyasar` where confirmation is wanted.
 * `parseInvoiceCallback` is not here: an invoice callback is unverified and only `getPayment` can
 * confirm it.
 *
 * @module paybridge/moyasar/webhooks
 */
import { adapterSettings, guardAdapter } from '../../core/guard';
import type { MoyasarWebhooks, MoyasarWebhooksSettings } from './types';
import { moyasarSecretKey, moyasarWebhookParser } from './webhook-settings';

export type { MoyasarWebhooks, MoyasarWebhooksSettings } from './types';
export type { MoyasarWebhookEvent } from './webhooks';

const PROVIDER = 'moyasar' as const;

/**
 * Creates Moyasar's webhook parser: `{ name, parseWebhook }`, as in `createMoyasar`. Never throws:
 * settings are read and checked on first use.
 */
export function createMoyasarWebhooks(rawSettings?: MoyasarWebhooksSettings | null): MoyasarWebhooks {
  const { settings, check } = adapterSettings(rawSettings, PROVIDER);
  return guardAdapter<MoyasarWebhooks>(
    {
      name: PROVIDER,
      parseWebhook: moyasarWebhookParser(settings, check, moyasarSecretKey(settings, check)),
    },
    PROVIDER,
  );
}
