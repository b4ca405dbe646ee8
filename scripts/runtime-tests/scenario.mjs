/**
 * The runtime scenario: the same checks, from the built package imported by name, on Node, Bun,
 * Deno and workerd (scripts/runtime-tests/run.ts runs it on each). Plain JavaScript and Web APIs
 * only, so that every runtime runs this very file (workerd after an esbuild bundle).
 *
 * For every adapter, and every webhooks-only entry point: `parseWebhook` on a string, a Uint8Array and an ArrayBuffer body, each with
 * a `Headers` object and with plain headers (and the top-level `parseWebhook`), a forged webhook
 * refused (signed with another secret; for signed bodies also one altered after signing), and
 * `handler.fetch`: 200, 200 duplicate, 401.
 */
import { createWebhookHandler, PaybridgeError, parseWebhook } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyGoWebhooks } from 'paybridge/moneygo/webhooks';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoneyHashWebhooks } from 'paybridge/moneyhash/webhooks';
import { createMoyasar } from 'paybridge/moyasar';
import { createMoyasarWebhooks } from 'paybridge/moyasar/webhooks';
import { createPaymob } from 'paybridge/paymob';
import { createPaymobWebhooks } from 'paybridge/paymob/webhooks';
import { createTap } from 'paybridge/tap';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import {
  moneyGoWebhook,
  moneyHashWebhook,
  moyasarWebhook,
  paymobWebhook,
  TEST_CREDENTIALS,
  tapWebhook,
} from 'paybridge/testing';

const { moneyhash, moyasar, moneygo, paymob, tap } = TEST_CREDENTIALS;

/** One row per adapter: how to build it, a genuine webhook, a forged one, and whether the body is signed. */
const FULL_ADAPTERS = [
  {
    name: 'moneyhash',
    create: () => createMoneyHash({ apiKey: moneyhash.apiKey, webhookSecret: moneyhash.webhookSecret }),
    build: (reference) => moneyHashWebhook({ status: 'succeeded', reference }),
    forge: (reference) => moneyHashWebhook({ status: 'succeeded', reference, secret: 'forged-secret' }),
    signsBody: true,
  },
  {
    name: 'moyasar',
    create: () => createMoyasar({ secretKey: moyasar.secretKey, webhookSecret: moyasar.webhookSecret }),
    build: (reference) => moyasarWebhook({ status: 'succeeded', reference }),
    forge: (reference) => moyasarWebhook({ status: 'succeeded', reference, secretToken: 'forged-secret' }),
    signsBody: false,
  },
  {
    name: 'moneygo',
    create: () =>
      createMoneyGo({
        clientId: moneygo.clientId,
        clientSecret: moneygo.clientSecret,
        formSecret: moneygo.formSecret,
        walletTo: moneygo.walletTo,
      }),
    build: (reference) => moneyGoWebhook({ status: 'succeeded', reference }),
    forge: (reference) => moneyGoWebhook({ status: 'succeeded', reference, formSecret: 'forged-secret' }),
    signsBody: true,
  },
  {
    // Paymob signs in the callback URL's query (?hmac=), over fields that leave the reference out.
    name: 'paymob',
    create: () => createPaymob({ ...paymob }),
    build: (reference) => paymobWebhook({ status: 'succeeded', reference }),
    forge: (reference) => paymobWebhook({ status: 'succeeded', reference, hmacSecret: 'forged-secret' }),
    signsBody: false,
  },
  {
    // Tap signs with the secret API key, in the hashstring header, over fields without the reference.
    name: 'tap',
    create: () => createTap({ secretKey: tap.secretKey }),
    build: (reference) => tapWebhook({ status: 'succeeded', reference }),
    forge: (reference) => tapWebhook({ status: 'succeeded', reference, secretKey: 'sk_test_forged' }),
    signsBody: false,
  },
];

/** The webhooks-only entry points (paybridge/<provider>/webhooks), with the same settings and webhooks. */
const WEBHOOKS_ONLY = {
  moneyhash: () => createMoneyHashWebhooks({ webhookSecret: moneyhash.webhookSecret }),
  moyasar: () =>
    createMoyasarWebhooks({ secretKey: moyasar.secretKey, webhookSecret: moyasar.webhookSecret }),
  moneygo: () => createMoneyGoWebhooks({ formSecret: moneygo.formSecret }),
  paymob: () => createPaymobWebhooks({ webhookSecret: paymob.webhookSecret }),
  tap: () => createTapWebhooks({ secretKey: tap.secretKey }),
};

/** Every adapter, then every webhooks-only entry point (`provider` is the events' provider). */
export const ADAPTERS = [
  ...FULL_ADAPTERS.map((row) => ({ ...row, provider: row.name })),
  ...FULL_ADAPTERS.map((row) => ({
    ...row,
    name: `${row.name}/webhooks`,
    provider: row.name,
    create: WEBHOOKS_ONLY[row.name],
  })),
];

/** Which runtime this is. */
export function runtimeName() {
  if (typeof globalThis.Bun !== 'undefined') return `bun ${globalThis.Bun.version}`;
  if (typeof globalThis.Deno !== 'undefined') return `deno ${globalThis.Deno.version.deno}`;
  if (globalThis.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  return `node ${globalThis.process?.version}`;
}

/** The hashing paybridge picks here: node:crypto where `process.getBuiltinModule` offers it, else Web Crypto. */
export function hashing() {
  try {
    const nodeCrypto = globalThis.process?.getBuiltinModule?.('node:crypto');
    return typeof nodeCrypto?.createHmac === 'function' ? 'node:crypto' : 'Web Crypto';
  } catch {
    return 'Web Crypto';
  }
}

const bodies = (text) => {
  const bytes = new TextEncoder().encode(text);
  return [
    ['string', text],
    ['Uint8Array', bytes],
    ['ArrayBuffer', bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)],
  ];
};

const headerForms = (headers) => [
  ['plain headers', { ...headers }],
  ['Headers', new Headers(headers)],
];

const post = (body, headers, url = '/webhooks') =>
  new Request(new URL(url, 'http://localhost'), { method: 'POST', headers: new Headers(headers), body });

async function refusal(promise) {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return PaybridgeError.isInstance(error) ? error.name : `not a PaybridgeError: ${error}`;
  }
}

/** Checks per adapter: 6 parses, one id, the top-level parse, forged, 4 handler checks; +1 for altered bodies. */
const checksFor = (row) => 12 + (row.signsBody ? 1 : 0);

/** Runs every check; resolves to `{ runtime, hashing, adapters, expected, passed, failures }`, never rejects. */
export async function runScenario() {
  const failures = [];
  let passed = 0;
  const check = (label, ok, detail) => {
    if (ok) passed++;
    else failures.push(detail === undefined ? label : `${label}: ${detail}`);
  };
  for (const row of ADAPTERS) {
    try {
      const adapter = row.create();
      const reference = `rt-${row.name}-1`;
      const webhook = await row.build(reference);
      const ids = new Set();
      for (const [bodyKind, body] of bodies(webhook.body)) {
        for (const [headerKind, headers] of headerForms(webhook.headers)) {
          const label = `${row.name} parseWebhook (${bodyKind}, ${headerKind})`;
          try {
            const event = await adapter.parseWebhook({ body, headers, url: webhook.url });
            check(
              label,
              event.provider === row.provider &&
                event.kind === 'payment' &&
                event.status === 'succeeded' &&
                event.reference === reference,
              JSON.stringify({ kind: event.kind, status: event.status, reference: event.reference }),
            );
            ids.add(event.id);
          } catch (error) {
            check(label, false, String(error));
          }
        }
      }
      check(`${row.name} one event id for every body and header form`, ids.size === 1, [...ids].join());
      const viaCore = await parseWebhook(adapter, {
        body: webhook.body,
        headers: webhook.headers,
        url: webhook.url,
      });
      check(`${row.name} parseWebhook(provider, input)`, ids.has(viaCore.id), viaCore.id);

      const forged = await row.forge(reference);
      const forgedRefusal = await refusal(adapter.parseWebhook(forged));
      check(
        `${row.name} forged webhook refused`,
        forgedRefusal === 'WebhookVerificationError',
        forgedRefusal,
      );
      if (row.signsBody) {
        const altered = { body: webhook.body.replace(reference, `${reference}x`), headers: webhook.headers };
        const alteredRefusal = await refusal(adapter.parseWebhook(altered));
        check(
          `${row.name} body altered after signing refused`,
          alteredRefusal === 'WebhookVerificationError',
          alteredRefusal,
        );
      }

      let processed = 0;
      const handler = createWebhookHandler({
        provider: adapter,
        // Money-Go's signature does not cover the status, Paymob's and Tap's not the reference: the handler
        // would ask their API (no network here).
        ...(row.provider === 'moneygo' || row.provider === 'paymob' || row.provider === 'tap'
          ? { confirm: 'never' }
          : {}),
        onEvent: () => {
          processed++;
        },
      });
      const first = await handler.fetch(post(webhook.body, webhook.headers, webhook.url));
      const firstBody = await first.json();
      check(
        `${row.name} handler.fetch 200`,
        first.status === 200 && firstBody.received === true,
        first.status,
      );
      const again = await handler.fetch(post(webhook.body, webhook.headers, webhook.url));
      const againBody = await again.json();
      check(
        `${row.name} handler.fetch duplicate`,
        again.status === 200 && againBody.duplicate === true,
        `${again.status} ${JSON.stringify(againBody)}`,
      );
      const refused = await handler.fetch(post(forged.body, forged.headers, forged.url));
      const refusedBody = await refused.json();
      check(
        `${row.name} handler.fetch forged 401`,
        refused.status === 401 && refusedBody.error === 'verification_failed',
        `${refused.status} ${JSON.stringify(refusedBody)}`,
      );
      check(`${row.name} onEvent ran once`, processed === 1, processed);
    } catch (error) {
      failures.push(`${row.name}: ${error?.stack ?? error}`);
    }
  }
  return {
    runtime: runtimeName(),
    hashing: hashing(),
    adapters: ADAPTERS.map((row) => row.name),
    expected: ADAPTERS.reduce((n, row) => n + checksFor(row), 0),
    passed,
    failures,
  };
}
