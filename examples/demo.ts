/**
 * `npm run demo`: the whole job on one machine, no accounts needed.
 *
 * Starts the paybridge simulator (MoneyHash, Moyasar, Money-Go and Tap APIs on 127.0.0.1) and a
 * webhook receiver built with `createWebhookHandler`, creates one payment link per provider with the
 * real adapters, then plays the payer: pays the Moyasar invoice, declines the MoneyHash card, cancels
 * the Money-Go checkout, pays the Tap charge. Each provider's webhook is received, verified and
 * parsed by its adapter, and confirmed with `getPayment`. Prints a table and exits 0.
 *
 * With real credentials in the environment (MONEYHASH_API_KEY, MOYASAR_SECRET_KEY,
 * MONEYGO_CLIENT_ID, TAP_SECRET_KEY …) it creates real links at those providers instead and prints
 * their URLs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, formatMinorUnits, type PaymentStatus, type WebhookEvent } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createTap } from 'paybridge/tap';
import { startSimulator, TEST_CREDENTIALS } from 'paybridge/testing';

type Provider = 'moneyhash' | 'moyasar' | 'moneygo' | 'tap';
type Row = {
  provider: string;
  id: string;
  url: string;
  event: string;
  status: string;
  confirmed: string;
  amount: string;
};

const money = (amount: number, currency: string) => `${formatMinorUnits(amount, currency)} ${currency}`;
const env = (name: string) => (process.env[name] ? process.env[name] : undefined);

function printTable(rows: Row[]): void {
  const head: Row = {
    provider: 'provider',
    id: 'link id',
    url: 'URL',
    event: 'webhook event',
    status: 'status',
    confirmed: 'getPayment',
    amount: 'amount',
  };
  const keys = Object.keys(head) as (keyof Row)[];
  const width = (k: keyof Row) => Math.max(...[head, ...rows].map((r) => r[k].length));
  const line = (r: Row) => keys.map((k) => r[k].padEnd(width(k))).join('  ');
  process.stdout.write(`\n${line(head)}\n${keys.map((k) => '-'.repeat(width(k))).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  process.stdout.write('\n');
}

async function simulated(): Promise<void> {
  // 1. A webhook receiver: one endpoint per provider, each verifying with its adapter.
  const events = new Map<string, WebhookEvent>();
  const waiting = new Map<string, (e: WebhookEvent) => void>();
  const received = (key: string) =>
    new Promise<WebhookEvent>((resolve) => {
      const seen = events.get(key);
      if (seen) resolve(seen);
      else waiting.set(key, resolve);
    });
  const onEvent = (event: WebhookEvent) => {
    // MoneyHash sends two events for a payment; the demo waits for the one that settles the status.
    const key = event.kind === 'payment' ? `${event.provider}:${event.paymentId}` : event.id;
    events.set(key, event);
    waiting.get(key)?.(event);
  };

  const receiver = createServer();
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;

  // 2. The simulator. Moyasar's webhook URL is account-wide (its dashboard), so it is set here.
  const sim = await startSimulator({ moyasar: { webhookUrl: `${hooks}/moyasar` } });
  const moneyhash = createMoneyHash(sim.settings.moneyhash);
  const moyasar = createMoyasar(sim.settings.moyasar);
  const moneygo = createMoneyGo(sim.settings.moneygo);
  // Tap signs webhooks with the secret API key itself: no separate webhook secret.
  const tap = createTap(sim.settings.tap);
  const handlers = {
    moneyhash: createWebhookHandler({ provider: moneyhash, onEvent }),
    moyasar: createWebhookHandler({ provider: moyasar, onEvent }),
    moneygo: createWebhookHandler({ provider: moneygo, onEvent }),
    tap: createWebhookHandler({ provider: tap, onEvent }),
  };
  receiver.on('request', (req, res) => {
    const provider = req.url?.split('/')[2] as Provider;
    const handler = handlers[provider];
    if (req.method === 'POST' && handler) void handler.node(req, res);
    else res.writeHead(404).end();
  });

  try {
    // 3. One link per provider, created by the real adapters over HTTP.
    const mh = await moneyhash.createPaymentLink({
      amount: 25_075,
      currency: 'EGP',
      reference: 'demo-mh-1',
      webhookUrl: `${hooks}/moneyhash`,
    });
    const my = await moyasar.createPaymentLink({
      amount: 10_500,
      currency: 'SAR',
      reference: 'demo-my-1',
      description: 'Demo order on Moyasar',
    });
    const mg = await moneygo.createPaymentLink({
      amount: 1_050,
      currency: 'USD',
      reference: 'demo-mg-1',
      walletFrom: TEST_CREDENTIALS.moneygo.walletFrom,
      userInfo: 'demo-customer',
      webhookUrl: `${hooks}/moneygo`,
    });
    // Tap: 10.500 KWD (three decimals), sent to Tap as the exact decimal 10.500.
    const tp = await tap.createPaymentLink(
      {
        amount: 10_500,
        currency: 'KWD',
        reference: 'demo-tap-1',
        description: 'Demo order on Tap',
        customer: { firstName: 'Demo', email: 'payer@example.com' },
        successUrl: 'https://shop.example/paid',
        webhookUrl: `${hooks}/tap`,
      },
      { idempotencyKey: 'demo-tap-1' },
    );

    // 4. The payer acts on each hosted page.
    await sim.pay(my.id);
    await sim.decline(mh.id);
    await sim.cancel(mg.id);
    await sim.pay(tp.id);

    // 5. Each webhook, verified by its adapter, confirmed with the provider's API.
    const rows: Row[] = [];
    const links = [
      { link: my, adapter: moyasar },
      { link: mh, adapter: moneyhash },
      { link: mg, adapter: moneygo },
      { link: tp, adapter: tap },
    ] as const;
    for (const { link, adapter } of links) {
      const event = await received(`${link.provider}:${link.id}`);
      const status: PaymentStatus | string = event.kind === 'payment' ? event.status : event.kind;
      const payment = await adapter.getPayment(link.id);
      rows.push({
        provider: link.provider,
        id: link.id,
        url: link.url,
        // Money-Go's webhooks have no type: show the status it sent instead.
        event: event.type || (event.kind === 'payment' ? `(status ${event.providerStatus})` : ''),
        status,
        confirmed: payment.status === status ? `${payment.status} ✓` : `${payment.status} ✗`,
        amount: money(link.amount, link.currency),
      });
    }
    process.stdout.write(
      'paybridge demo: four providers, simulated locally (no accounts). Each webhook was verified by its adapter\n' +
        'and confirmed with getPayment.\n',
    );
    printTable(rows);
    if (rows.some((r) => !r.confirmed.endsWith('✓'))) process.exitCode = 1;
  } finally {
    await sim.close();
    await new Promise<void>((resolve) => {
      receiver.close(() => resolve());
      receiver.closeAllConnections();
    });
  }
}

/** Real links at the providers whose credentials are set; nothing is paid. */
async function real(providers: Provider[]): Promise<void> {
  const webhookUrl = env('DEMO_WEBHOOK_URL');
  const rows: Row[] = [];
  const add = (link: {
    provider: string;
    id: string;
    url: string;
    status: string;
    amount: number;
    currency: string;
  }) =>
    rows.push({
      provider: link.provider,
      id: link.id,
      url: link.url,
      event: '(pay it to get one)',
      status: link.status,
      confirmed: '',
      amount: money(link.amount, link.currency),
    });
  const reference = `demo-${Date.now()}`;
  for (const provider of providers) {
    try {
      if (provider === 'moneyhash') {
        add(
          await createMoneyHash().createPaymentLink({
            amount: 1_000,
            currency: env('DEMO_MONEYHASH_CURRENCY') ?? 'EGP',
            reference,
            webhookUrl,
          }),
        );
      } else if (provider === 'moyasar') {
        add(
          await createMoyasar().createPaymentLink({
            amount: 1_000,
            currency: 'SAR',
            reference,
            description: 'paybridge demo',
            webhookUrl,
          }),
        );
      } else if (provider === 'tap') {
        add(
          await createTap().createPaymentLink({
            amount: 1_000,
            currency: env('DEMO_TAP_CURRENCY') ?? 'KWD',
            reference,
            description: 'paybridge demo',
            // Tap requires the payer's first name and an email or phone, and a return URL.
            customer: { firstName: 'paybridge', email: env('DEMO_TAP_EMAIL') ?? 'demo@example.com' },
            successUrl: env('DEMO_SUCCESS_URL') ?? 'https://example.com/paid',
            webhookUrl,
          }),
        );
      } else {
        const walletFrom = env('MONEYGO_DEMO_WALLET_FROM');
        if (!walletFrom) {
          process.stderr.write(
            'moneygo: set MONEYGO_DEMO_WALLET_FROM (the payer wallet) to create a real checkout.\n',
          );
          continue;
        }
        add(
          await createMoneyGo().createPaymentLink({
            amount: 100,
            currency: env('DEMO_MONEYGO_CURRENCY') ?? 'USD',
            reference,
            walletFrom,
            userInfo: 'paybridge-demo',
            webhookUrl,
          }),
        );
      }
    } catch (error) {
      process.exitCode = 1;
      process.stderr.write(`${provider}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  process.stdout.write(
    'paybridge demo: real links (credentials found in the environment). Open a URL to pay.\n',
  );
  printTable(rows);
}

const realProviders = (
  [
    ['moneyhash', 'MONEYHASH_API_KEY'],
    ['moyasar', 'MOYASAR_SECRET_KEY'],
    ['moneygo', 'MONEYGO_CLIENT_ID'],
    ['tap', 'TAP_SECRET_KEY'],
  ] as const
)
  .filter(([, variable]) => env(variable))
  .map(([provider]) => provider);

const deadline = setTimeout(() => {
  process.stderr.write('paybridge demo: no result after 45 s, giving up.\n');
  process.exit(1);
}, 45_000);
deadline.unref();

await (realProviders.length > 0 ? real(realProviders) : simulated());
