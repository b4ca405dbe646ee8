/**
 * `npm run demo`: the whole job on one machine, no accounts needed.
 *
 * Starts the paybridge simulator (MoneyHash, Moyasar, Money-Go, Paymob and Tap APIs on
 * 127.0.0.1) and a webhook
 * receiver built with `createWebhookHandler`, creates one payment link per provider with the real
 * adapters, then plays the payer: pays the Moyasar invoice, declines the MoneyHash card, cancels the
 * Money-Go checkout, pays the Paymob intention (its callback is signed in the URL's ?hmac=) and the Tap
 * charge (10.500 KWD, sent as that exact decimal). Each provider's webhook is received, verified and parsed by its adapter, and
 * confirmed with `getPayment`. Then every webhook is posted again, as providers retry (answered 200
 * duplicate, onEvent not run again), and forged ones are posted (answered 401). Prints tables no
 * wider than 100 columns and exits 0.
 *
 * With real credentials in the environment (MONEYHASH_API_KEY, MOYASAR_SECRET_KEY,
 * MONEYGO_CLIENT_ID …, PAYMOB_SECRET_KEY …, TAP_SECRET_KEY) it creates real links at those providers instead and
 * prints their URLs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWebhookHandler,
  formatMinorUnits,
  type PaymentLink,
  type PaymentProvider,
  type WebhookEvent,
} from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { createPaymob } from 'paybridge/paymob';
import { createTap } from 'paybridge/tap';
import { type SignedWebhook, TEST_CREDENTIALS } from 'paybridge/testing';
import { startSimulator } from 'paybridge/testing/simulator';

type Provider = 'moneyhash' | 'moyasar' | 'moneygo' | 'paymob' | 'tap';

/** One provider in the simulated run: its adapter, its link, and what the payer does. */
interface DemoProvider {
  adapter: PaymentProvider;
  createLink(): Promise<PaymentLink>;
  payer: 'pay' | 'decline' | 'cancel';
  /** A forgery to post besides the genuine webhook: what it changes, and how. */
  forgery?: { what: string; forge(body: string): string };
}

/** One result line; `url` is printed below the table, which it would make too wide. */
type Row = { provider: string; id: string; event: string; status: string; confirmed: string; amount: string };

const money = (amount: number, currency: string) => `${formatMinorUnits(amount, currency)} ${currency}`;
const env = (name: string) => (process.env[name] ? process.env[name] : undefined);
const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const print = (text = '') => process.stdout.write(`${text}\n`);

/** Left-aligned columns, two spaces apart. */
function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  print(line(head));
  print(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) print(line(row));
}

function printResults(rows: Row[], urls: [string, string][]): void {
  print();
  table(
    ['provider', 'link id', 'webhook event', 'status', 'getPayment', 'amount'],
    rows.map((r) => [r.provider, clip(r.id, 10), r.event, r.status, r.confirmed, r.amount]),
  );
  print();
  print('Hosted payment pages:');
  for (const [provider, url] of urls) print(`  ${provider.padEnd(10)} ${url}`);
}

async function simulated(): Promise<void> {
  // 1. A webhook receiver: one endpoint per provider, each verifying with its adapter.
  const events = new Map<string, WebhookEvent>();
  const waiting = new Map<string, (e: WebhookEvent) => void>();
  const processed = new Map<string, number>(); // onEvent calls per event id
  const received = (key: string) =>
    new Promise<WebhookEvent>((resolve) => {
      const seen = events.get(key);
      if (seen) resolve(seen);
      else waiting.set(key, resolve);
    });
  const onEvent = (event: WebhookEvent) => {
    processed.set(event.id, (processed.get(event.id) ?? 0) + 1);
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
  const paymob = createPaymob(sim.settings.paymob);
  // Tap signs webhooks with the secret API key itself: no separate webhook secret.
  const tap = createTap(sim.settings.tap);

  // 3. One link per provider, created by the real adapters over HTTP, and what the payer does.
  const providers: DemoProvider[] = [
    {
      adapter: moyasar,
      payer: 'pay',
      createLink: () =>
        moyasar.createPaymentLink({
          amount: 10_500,
          currency: 'SAR',
          reference: 'demo-my-1',
          description: 'Demo order on Moyasar',
        }),
    },
    {
      adapter: moneyhash,
      payer: 'decline',
      createLink: () =>
        moneyhash.createPaymentLink({
          amount: 25_075,
          currency: 'EGP',
          reference: 'demo-mh-1',
          webhookUrl: `${hooks}/moneyhash`,
        }),
      // The body is signed: a payer who turns a decline into a success is caught.
      forgery: {
        what: '"failed" made "successful"',
        forge: (body) => body.replaceAll('failed', 'successful'),
      },
    },
    {
      adapter: moneygo,
      payer: 'cancel',
      createLink: () =>
        moneygo.createPaymentLink({
          amount: 1_050,
          currency: 'USD',
          reference: 'demo-mg-1',
          walletFrom: TEST_CREDENTIALS.moneygo.walletFrom,
          userInfo: 'demo-customer',
          webhookUrl: `${hooks}/moneygo`,
        }),
    },
    {
      // Paymob signs its callback in the URL's query (?hmac=): the handler passes req.url on.
      adapter: paymob,
      payer: 'pay',
      createLink: () =>
        paymob.createPaymentLink({
          amount: 100_000,
          currency: 'EGP',
          reference: 'demo-pm-1',
          webhookUrl: `${hooks}/paymob`,
        }),
    },
    {
      // 10.500 KWD (three decimals), sent to Tap as the exact decimal 10.500; idempotent.
      adapter: tap,
      payer: 'pay',
      createLink: () =>
        tap.createPaymentLink(
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
        ),
    },
  ];
  const handlers = new Map(
    providers.map(({ adapter }) => [adapter.name, createWebhookHandler({ provider: adapter, onEvent })]),
  );
  receiver.on('request', (req, res) => {
    const handler = handlers.get(req.url?.split('?')[0]?.split('/')[2] ?? '');
    if (req.method === 'POST' && handler) void handler.node(req, res);
    else res.writeHead(404).end();
  });

  try {
    print(`paybridge demo: ${providers.length} providers, simulated locally (no accounts).`);
    const rows: Row[] = [];
    const urls: [string, string][] = [];
    const replays: { provider: string; what: string; webhook: SignedWebhook; url: string; id?: string }[] =
      [];
    for (const { adapter, createLink, payer, forgery } of providers) {
      const link = await createLink();
      // 4. The payer acts on the hosted page; the simulator sends the signed webhooks.
      const deliveries = await sim[payer](link.id);
      // 5. The webhook, verified by its adapter, confirmed with the provider's API.
      const event = await received(`${link.provider}:${link.id}`);
      const status = event.kind === 'payment' ? event.status : event.kind;
      const payment = await adapter.getPayment(link.id);
      // Money-Go's webhooks have no type: show the status it sent instead.
      const type = event.type || (event.kind === 'payment' ? `(status ${event.providerStatus})` : '');
      print(`  ${link.provider}: link created, payer ${payer}s, webhook ${type} verified`);
      rows.push({
        provider: link.provider,
        id: link.id,
        event: type,
        status,
        confirmed: payment.status === status ? `${payment.status} ✓` : `${payment.status} ✗`,
        amount: money(link.amount, link.currency),
      });
      // Paymob's Unified Checkout URL (key and client secret in its query) is too long for the
      // table: show the simulator's hosted page it redirects to.
      const page = link.url.length > 88 ? (sim.link(link.id)?.url ?? link.url) : link.url;
      urls.push([link.provider, page]);
      const delivered = deliveries.find((d) => d.type === event.type) ?? deliveries.at(-1);
      if (delivered?.url) {
        replays.push({
          provider: link.provider,
          what: `${type} again`,
          webhook: delivered,
          url: delivered.url,
          id: event.id,
        });
        if (forgery) {
          const forged = { ...delivered, body: forgery.forge(delivered.body) };
          replays.push({
            provider: link.provider,
            what: `forged: ${forgery.what}`,
            webhook: forged,
            url: delivered.url,
          });
        }
      }
    }
    print('Each webhook was verified by its adapter and confirmed with getPayment:');
    printResults(rows, urls);

    // 6. Providers retry, and anyone can post to a webhook URL: duplicates and forgeries.
    const answers: string[][] = [];
    for (const { provider, what, webhook, url, id } of replays) {
      const response = await fetch(url, { method: 'POST', body: webhook.body, headers: webhook.headers });
      const body = (await response.json()) as { duplicate?: boolean; error?: string; reason?: string };
      const answer = body.duplicate
        ? `duplicate; onEvent ran ${processed.get(id ?? '') ?? 0}×`
        : `${body.error ?? 'processed'}${body.reason ? ` (${body.reason})` : ''}`;
      answers.push([provider, what, String(response.status), answer]);
      const expected = id === undefined ? response.status === 401 : body.duplicate === true;
      if (!expected) process.exitCode = 1;
    }
    print();
    print('The same webhooks posted again (as providers retry), and forged ones:');
    print();
    table(['provider', 'posted', 'status', 'answer'], answers);
    print();
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
  const urls: [string, string][] = [];
  const add = (link: PaymentLink) => {
    rows.push({
      provider: link.provider,
      id: link.id,
      event: '(pay it to get one)',
      status: link.status,
      confirmed: '',
      amount: money(link.amount, link.currency),
    });
    urls.push([link.provider, link.url]);
  };
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
      } else if (provider === 'paymob') {
        add(
          await createPaymob().createPaymentLink({
            amount: 1_000,
            currency: env('DEMO_PAYMOB_CURRENCY') ?? 'EGP',
            reference,
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
  print('paybridge demo: real links (credentials found in the environment). Open a URL to pay.');
  printResults(rows, urls);
  print();
}

const realProviders = (
  [
    ['moneyhash', 'MONEYHASH_API_KEY'],
    ['moyasar', 'MOYASAR_SECRET_KEY'],
    ['moneygo', 'MONEYGO_CLIENT_ID'],
    ['paymob', 'PAYMOB_SECRET_KEY'],
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
