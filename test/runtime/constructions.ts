/**
 * Every factory of the public surface, constructed the way users construct them at module scope
 * (a Cloudflare Worker builds its handler there). test/runtime/construction.test.ts runs each under
 * the side-effect guard, in process and in a fresh Node process; it also checks that every
 * exported `create*`, `mock*` and `instrument*` function of every entry point has a row here.
 *
 * One row per construction: `[name, () => construct()]`. The name starts with the function's name.
 * A new adapter (Paymob, Tap, …) adds its rows, e.g.
 * `['createPaymob', () => createPaymob({ …settings… })]`, and `['createPaymob (from the environment)', () => createPaymob()]`.
 */
import {
  createMemoryStore,
  createReconciler,
  createWebhookHandler,
  type WebhookHandlerOptions,
  type WebhookProvider,
} from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyGoWebhooks } from 'paybridge/moneygo/webhooks';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoneyHashWebhooks } from 'paybridge/moneyhash/webhooks';
import { createMoyasar } from 'paybridge/moyasar';
import { createMoyasarWebhooks } from 'paybridge/moyasar/webhooks';
import { instrument } from 'paybridge/opentelemetry';
import { createPaymob } from 'paybridge/paymob';
import { createPaymobWebhooks } from 'paybridge/paymob/webhooks';
import { createPostgresStore } from 'paybridge/postgres';
import { createRedisStore } from 'paybridge/redis';
import { createTap } from 'paybridge/tap';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import {
  mockMoneyGo,
  mockMoneyHash,
  mockMoyasar,
  mockPaymob,
  mockProviders,
  mockTap,
} from 'paybridge/testing/msw';
import { createManualClock } from 'paybridge/testing/simulator';

export type Construction = readonly [name: string, construct: () => unknown];

const moyasar = () => createMoyasar({ secretKey: 'sk_test_guard', webhookSecret: 'guard-webhook-secret' });
const onEvent: WebhookHandlerOptions['onEvent'] = () => undefined;

export const CONSTRUCTIONS: readonly Construction[] = [
  ['createMoneyHash', () => createMoneyHash({ apiKey: 'k', webhookSecret: 's', flowId: 'f' })],
  ['createMoneyHash (from the environment)', () => createMoneyHash()],
  ['createMoyasar', moyasar],
  ['createMoyasar (from the environment)', () => createMoyasar()],
  [
    'createMoneyGo',
    () => createMoneyGo({ clientId: 'c', clientSecret: 's', formSecret: 'f', walletTo: 'U100001' }),
  ],
  ['createMoneyGo (from the environment)', () => createMoneyGo()],
  [
    'createPaymob',
    () =>
      createPaymob({
        secretKey: 'egy_sk_test_guard',
        publicKey: 'egy_pk_test_guard',
        apiKey: 'guard-api-key',
        webhookSecret: 'guard-hmac',
        integrationIds: [1],
      }),
  ],
  ['createPaymob (from the environment)', () => createPaymob()],
  ['createTap', () => createTap({ secretKey: 'sk_test_guard' })],
  ['createTap (from the environment)', () => createTap()],
  ['createMoneyHashWebhooks', () => createMoneyHashWebhooks({ webhookSecret: 's' })],
  ['createMoneyHashWebhooks (from the environment)', () => createMoneyHashWebhooks()],
  [
    'createMoyasarWebhooks',
    () => createMoyasarWebhooks({ secretKey: 'sk_test_guard', webhookSecret: 'guard-webhook-secret' }),
  ],
  ['createMoyasarWebhooks (from the environment)', () => createMoyasarWebhooks()],
  ['createMoneyGoWebhooks', () => createMoneyGoWebhooks({ formSecret: 'f' })],
  ['createMoneyGoWebhooks (from the environment)', () => createMoneyGoWebhooks()],
  ['createPaymobWebhooks', () => createPaymobWebhooks({ webhookSecret: 'guard-hmac' })],
  ['createPaymobWebhooks (from the environment)', () => createPaymobWebhooks()],
  ['createTapWebhooks', () => createTapWebhooks({ secretKey: 'sk_test_guard' })],
  ['createTapWebhooks (from the environment)', () => createTapWebhooks()],
  ['createMemoryStore', () => createMemoryStore()],
  ['createWebhookHandler (a provider)', () => createWebhookHandler({ provider: moyasar(), onEvent })],
  [
    'createWebhookHandler (a resolver function)',
    () => {
      const tenants = new Map<string, WebhookProvider>([['shop-a', moyasar()]]);
      return createWebhookHandler({
        provider: ({ url }) => {
          const tenant = url?.pathname.split('/')[2];
          const provider = tenant === undefined ? undefined : tenants.get(tenant);
          return provider && tenant ? { tenant, provider } : undefined;
        },
        onEvent,
      });
    },
  ],
  [
    'createWebhookHandler (a Redis store)',
    () =>
      createWebhookHandler({
        provider: moyasar(),
        onEvent,
        store: createRedisStore({ url: 'redis://127.0.0.1:1' }),
      }),
  ],
  ['createRedisStore', () => createRedisStore({ url: 'redis://127.0.0.1:1' })],
  [
    'createPostgresStore',
    () => createPostgresStore({ connectionString: 'postgres://guard@127.0.0.1:1/guard' }),
  ],
  [
    'createPostgresStore (transactional)',
    () =>
      createPostgresStore(
        { connectionString: 'postgres://guard@127.0.0.1:1/guard' },
        { transactional: true },
      ),
  ],
  ['createReconciler', () => createReconciler({ provider: moyasar(), store: createMemoryStore(), onEvent })],
  ['mockMoneyHash', () => mockMoneyHash()],
  ['mockMoyasar', () => mockMoyasar()],
  ['mockMoneyGo', () => mockMoneyGo()],
  ['mockPaymob', () => mockPaymob()],
  ['mockTap', () => mockTap()],
  ['mockProviders', () => mockProviders()],
  ['createManualClock', () => createManualClock()],
  ['instrument', () => instrument()],
  [
    'instrument (its hooks on an adapter, a handler and a reconciler)',
    () => {
      const otel = instrument();
      const provider = createMoyasar({ secretKey: 'sk_test_guard', hooks: otel.hooks });
      const store = createMemoryStore();
      createReconciler({ provider, store, onEvent, onOutcome: otel.onOutcome });
      return createWebhookHandler({ provider, store, onEvent, onOutcome: otel.onOutcome });
    },
  ],
];
