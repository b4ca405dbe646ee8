/**
 * Secret rotation (every adapter accepts a list of webhook secrets: any one verifies) and the
 * webhook URL (WebhookInput.url, which the handler passes on every transport).
 */
import { createWebhookHandler, type WebhookInput, WebhookVerificationError } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { moneyGoWebhook, moneyHashWebhook, moyasarWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer } from '../helpers/http';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('secret rotation: a list of webhook secrets, any one verifies', () => {
  const OLD = {
    moneyhash: TEST_CREDENTIALS.moneyhash.webhookSecret,
    moyasar: TEST_CREDENTIALS.moyasar.webhookSecret,
    moneygo: TEST_CREDENTIALS.moneygo.formSecret,
  };
  const NEW = 'the-new-secret-after-rotation';
  const webhooks = {
    moneyhash: (secret: string) => moneyHashWebhook({ status: 'succeeded', secret }),
    moyasar: (secret: string) => moyasarWebhook({ status: 'succeeded', secretToken: secret }),
    moneygo: (secret: string) => moneyGoWebhook({ status: 'succeeded', formSecret: secret }),
  };
  const adapters = {
    moneyhash: (secrets: string | string[]) => createMoneyHash({ webhookSecret: secrets }),
    moyasar: (secrets: string | string[]) => createMoyasar({ webhookSecret: secrets }),
    moneygo: (secrets: string | string[]) =>
      createMoneyGo({ ...TEST_CREDENTIALS.moneygo, formSecret: secrets }),
  };
  for (const name of ['moneyhash', 'moyasar', 'moneygo'] as const) {
    it(`${name}: [new, old] verifies webhooks signed with either, and refuses any other`, async () => {
      const adapter = adapters[name]([NEW, OLD[name]]);
      await expect(adapter.parseWebhook(await webhooks[name](NEW))).resolves.toMatchObject({
        kind: 'payment',
      });
      await expect(adapter.parseWebhook(await webhooks[name](OLD[name]))).resolves.toMatchObject({
        kind: 'payment',
      });
      const forged = await adapter
        .parseWebhook(await webhooks[name]('a-guessed-secret'))
        .catch((e: unknown) => e);
      expect(forged).toBeInstanceOf(WebhookVerificationError);
      // After the rotation, the old secret alone no longer verifies the new deliveries.
      const after = await adapters[name](OLD[name])
        .parseWebhook(await webhooks[name](NEW))
        .catch((e: unknown) => e);
      expect(after).toBeInstanceOf(WebhookVerificationError);
    });
  }

  it('from the environment: <VAR> and <VAR>_PREVIOUS', async () => {
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', NEW);
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET_PREVIOUS', OLD.moneyhash);
    const adapter = createMoneyHash();
    await expect(adapter.parseWebhook(await webhooks.moneyhash(OLD.moneyhash))).resolves.toMatchObject({
      kind: 'payment',
    });
    await expect(adapter.parseWebhook(await webhooks.moneyhash(NEW))).resolves.toMatchObject({
      kind: 'payment',
    });
  });

  it('an empty list is no secret (missing_secret); an empty entry is a ConfigurationError', async () => {
    const webhook = await webhooks.moyasar(OLD.moyasar);
    await expect(createMoyasar({ webhookSecret: [] }).parseWebhook(webhook)).rejects.toMatchObject({
      reason: 'missing_secret',
    });
    await expect(
      createMoyasar({ webhookSecret: [OLD.moyasar, ' '] }).parseWebhook(webhook),
    ).rejects.toMatchObject({
      name: 'ConfigurationError',
    });
  });
});

describe('the webhook URL reaches parseWebhook', () => {
  function recording() {
    const seen: Array<URL | string | undefined> = [];
    const provider = {
      name: 'recorder',
      async parseWebhook(input: WebhookInput) {
        seen.push(input.url);
        return {
          kind: 'unknown' as const,
          provider: 'recorder',
          id: `evt-${seen.length}`,
          type: 'x',
          raw: {},
        };
      },
    };
    return { seen, handler: createWebhookHandler({ provider, onEvent: () => {} }) };
  }

  it('handle({ url }), .fetch(request) and .node(req, res) all pass it, with the query', async () => {
    const { seen, handler } = recording();
    await handler.handle({ body: '{}', url: '/hooks/paymob?hmac=abc' });
    await handler.fetch(
      new Request('https://shop.example/hooks/paymob?hmac=def', { method: 'POST', body: '{}' }),
    );
    const server = await startServer((req, res) => handler.node(req, res));
    try {
      await fetch(`${server.url}/hooks/paymob?hmac=ghi`, { method: 'POST', body: '{}' });
    } finally {
      await server.close();
    }
    expect(seen.map(String)).toEqual([
      '/hooks/paymob?hmac=abc',
      'https://shop.example/hooks/paymob?hmac=def',
      '/hooks/paymob?hmac=ghi',
    ]);
  });
});
