/**
 * paybridge/testing/simulator (Node only): `startSimulator()`, a real HTTP server (node:http,
 * loopback) that emulates the MoneyHash, Moyasar, Money-Go, Paymob
 * and Tap APIs statefully, serves a hosted
 * checkout page per link, and delivers correctly signed webhooks, with retries, when the payer
 * acts. Point an adapter at it with `baseUrl: sim.baseUrls.moyasar` (or spread
 * `sim.settings.moyasar`). Its own entry point, so that `paybridge/testing` (the builders) never
 * imports node:http and bundles for Web runtimes.
 *
 * @module paybridge/testing/simulator
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROVIDER_NAMES, type ProviderName, TEST_CREDENTIALS } from '../defaults';
import {
  type ActOptions,
  corruptSignature,
  type EmulatorResponse,
  type FailureRule,
  type LinkView,
  PAYER_ACTIONS,
  type PayerAction,
  type ProviderEmulator,
  SimulatorActionError,
} from '../emulators/common';
import { createMoneyGoEmulator, type MoneyGoEmulatorOptions } from '../emulators/moneygo';
import { createMoneyHashEmulator, type MoneyHashEmulatorOptions } from '../emulators/moneyhash';
import { createMoyasarEmulator, type MoyasarEmulatorOptions } from '../emulators/moyasar';
import { createPaymobEmulator, type PaymobEmulatorOptions } from '../emulators/paymob';
import { createTapEmulator, type TapEmulatorOptions } from '../emulators/tap';
import {
  DEFAULT_RETRY_DELAYS,
  type Delivery,
  type DeliveryFaults,
  DeliveryQueue,
  REAL_CLOCK,
  type SimulatorClock,
  seededRandom,
} from './delivery';
import { checkoutPage, indexPage, messagePage } from './pages';

/** What `pay`, `decline`, `cancel` and `expire` throw (also exported by `paybridge/testing`). */
export { SimulatorActionError } from '../emulators/common';
export { createManualClock, type ManualClock } from './clock';
export {
  DEFAULT_RETRY_DELAYS,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryFault,
  type DeliveryFaults,
  type SimulatorClock,
} from './delivery';

export interface SimulatorOptions {
  /** TCP port (default 0: any free port; read it from `sim.url`). */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`: loopback only). */
  host?: string;
  /** The providers to emulate (default all of them); the others answer 404. */
  providers?: readonly ProviderName[];
  /** Credentials the MoneyHash emulation accepts and the secret it signs with (defaults: `TEST_CREDENTIALS.moneyhash`). */
  moneyhash?: MoneyHashEmulatorOptions;
  /** Credentials and webhook settings of the Moyasar emulation (defaults: `TEST_CREDENTIALS.moyasar`). */
  moyasar?: MoyasarEmulatorOptions;
  /** Credentials, form secret and wallets of the Money-Go emulation (defaults: `TEST_CREDENTIALS.moneygo`). */
  moneygo?: MoneyGoEmulatorOptions;
  /**
   * Credentials, HMAC secret and integrations of the Paymob emulation (defaults:
   * `TEST_CREDENTIALS.paymob`); `webhookUrl` is the integrations' callback URL for intentions
   * created without `notification_url`.
   */
  paymob?: PaymobEmulatorOptions;
  /** The secret key of the Tap emulation, which also signs its webhooks (default: `TEST_CREDENTIALS.tap`). */
  tap?: TapEmulatorOptions;
  /** Delays between webhook delivery attempts, in ms, per provider (default `DEFAULT_RETRY_DELAYS`; `[]` = no retry). */
  retryDelays?: Partial<Record<ProviderName, readonly number[]>>;
  /** Per-attempt timeout of a webhook delivery, in ms (default 5 000). */
  deliveryTimeout?: number;
  /**
   * Misbehave on purpose: drop, duplicate, reorder, delay webhooks or break their signatures, each
   * with a probability (see `DeliveryFaults`). Every fault is recorded in `sim.deliveries`.
   */
  faults?: DeliveryFaults;
  /** The seed of the faults' dice (default 1): the same seed gives the same faults. */
  seed?: number;
  /**
   * The clock of retries, delays, link expiry and the emulators' timestamps (default real time).
   * With `createManualClock()`, `clock.advance(ms)` runs a schedule of hours at once.
   */
  clock?: SimulatorClock;
}

/** Adapter settings that point at the simulator with the credentials it accepts. */
export interface SimulatorSettings {
  moneyhash: { baseUrl: string; apiKey: string; webhookSecret: string; flowId: string };
  moyasar: { baseUrl: string; secretKey: string; webhookSecret: string };
  moneygo: {
    baseUrl: string;
    clientId: string;
    clientSecret: string;
    formSecret: string;
    walletTo: string;
  };
  paymob: {
    baseUrl: string;
    secretKey: string;
    publicKey: string;
    apiKey: string;
    webhookSecret: string;
    integrationIds: readonly number[];
  };
  /** Tap signs webhooks with the secret key: no separate webhook secret. */
  tap: { baseUrl: string; secretKey: string };
}

export interface Simulator {
  /** `http://127.0.0.1:<port>`: the index page lists links and base URLs. */
  readonly url: string;
  /** Where to point each adapter's `baseUrl`. */
  readonly baseUrls: Readonly<Record<ProviderName, string>>;
  /** Ready-made adapter settings: `createMoyasar({ ...sim.settings.moyasar })`. */
  readonly settings: SimulatorSettings;
  /** Every webhook sent so far, in order, with its attempts. */
  readonly deliveries: readonly Delivery[];
  /** The payer pays. Resolves with the webhooks sent, after each one's first delivery attempt. */
  pay(linkId: string, options?: SimulatorActOptions): Promise<Delivery[]>;
  /** The payer's card is declined. */
  decline(linkId: string, options?: SimulatorActOptions): Promise<Delivery[]>;
  /** The payer cancels (MoneyHash closes the intent; Moyasar cancels the invoice, which sends no webhook). */
  cancel(linkId: string, options?: SimulatorActOptions): Promise<Delivery[]>;
  /** The link's time runs out. */
  expire(linkId: string, options?: SimulatorActOptions): Promise<Delivery[]>;
  /** A link by id (any provider), or undefined. */
  link(linkId: string, provider?: ProviderName): LinkView | undefined;
  links(): LinkView[];
  /** The next matching API request(s) to `provider` fail as `rule` says (an HTTP error or a dropped connection). */
  failNext(provider: ProviderName, rule?: FailureRule): void;
  /**
   * Resolves when no webhook delivery is pending (delivered, or failed after the last retry);
   * webhooks held back by the `reorder` fault are sent first. With a manual clock, scheduled
   * retries run only as the clock is advanced.
   */
  settled(): Promise<void>;
  /** Forgets all links, tokens and deliveries. */
  reset(): void;
  /** Stops retries, aborts running deliveries, closes the server and its connections. */
  close(): Promise<void>;
}

export interface SimulatorActOptions extends ActOptions {
  /** The provider, where the same id could exist at two. */
  provider?: ProviderName;
}

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > MAX_BODY) {
        reject(new Error('Request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  extra: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

/** Starts the simulator; resolves once it listens. Always `await sim.close()` when done. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const enabled = new Set(options.providers ?? PROVIDER_NAMES);
  let origin = '';
  const hostedUrl = (provider: ProviderName, id: string) =>
    `${origin}/pay/${provider}/${encodeURIComponent(id)}`;
  const clock = options.clock ?? REAL_CLOCK;
  const now = () => clock.now();
  const emulators: Record<ProviderName, ProviderEmulator> = {
    moneyhash: createMoneyHashEmulator({ ...options.moneyhash, hostedUrl, now }),
    moyasar: createMoyasarEmulator({ ...options.moyasar, hostedUrl, now }),
    moneygo: createMoneyGoEmulator({ ...options.moneygo, hostedUrl, now }),
    paymob: createPaymobEmulator({ ...options.paymob, hostedUrl, now }),
    tap: createTapEmulator({ ...options.tap, hostedUrl, now }),
  };
  const prefixes: Record<ProviderName, string> = {
    moneyhash: '/moneyhash',
    moyasar: '/moyasar/v1',
    moneygo: '/moneygo',
    paymob: '/paymob',
    tap: '/tap/v2',
  };
  const queue = new DeliveryQueue({
    retryDelays: { ...DEFAULT_RETRY_DELAYS, ...options.retryDelays },
    timeout: options.deliveryTimeout ?? 5_000,
    userAgent: 'paybridge-simulator',
    faults: options.faults,
    random: seededRandom(options.seed ?? 1),
    clock,
    corrupt: corruptSignature,
  });
  /** Links whose expiry is scheduled on the clock. */
  const expiries = new Map<string, unknown>();

  /** Expires a link on the clock when its time comes, as the provider would. */
  function scheduleExpiries(provider: ProviderName): void {
    for (const link of emulators[provider].links()) {
      const key = `${provider}:${link.id}`;
      if (!link.open || link.expiresAt === undefined || expiries.has(key)) continue;
      const timer = clock.setTimeout(
        async () => {
          if (emulators[provider].link(link.id)?.open) {
            await act(link.id, 'expire', { provider }).catch(() => {});
          }
        },
        Math.max(0, link.expiresAt.getTime() - clock.now()),
      );
      // A real timer of hours must not keep the process alive.
      (timer as { unref?: () => void } | undefined)?.unref?.();
      expiries.set(key, timer);
    }
  }

  function find(
    linkId: string,
    provider?: ProviderName,
  ): { emulator: ProviderEmulator; link: LinkView } | undefined {
    const found = PROVIDER_NAMES.filter((p) => enabled.has(p) && (provider === undefined || p === provider))
      .map((p) => ({ emulator: emulators[p], link: emulators[p].link(linkId) }))
      .filter((x): x is { emulator: ProviderEmulator; link: LinkView } => x.link !== undefined);
    if (found.length > 1) {
      throw new SimulatorActionError(
        `Link id ${linkId} exists at several providers; pass { provider }.`,
        400,
      );
    }
    return found[0];
  }

  async function act(linkId: string, action: PayerAction, actOptions: SimulatorActOptions = {}) {
    const target = find(linkId, actOptions.provider);
    if (!target) throw new SimulatorActionError(`No link with id ${JSON.stringify(linkId)}.`, 404);
    const webhooks = await target.emulator.act(linkId, action, actOptions);
    return queue.send(webhooks);
  }

  async function handleApi(
    provider: ProviderName,
    path: string,
    req: IncomingMessage,
    url: URL,
    res: ServerResponse,
  ) {
    const emulator = emulators[provider];
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string') headers.set(k, v);
      else if (Array.isArray(v)) for (const item of v) headers.append(k, item);
    }
    const answer: EmulatorResponse = await emulator.handle({
      method: req.method ?? 'GET',
      path: path === '' ? '/' : path,
      query: url.searchParams,
      headers,
      body: await readBody(req),
    });
    const caused = emulator.drainApiWebhooks();
    if (caused.length > 0) void queue.send(caused);
    scheduleExpiries(provider);
    if (answer.network) {
      req.socket.destroy();
      return;
    }
    send(res, answer.status, JSON.stringify(answer.json), 'application/json', answer.headers);
  }

  async function handleCheckout(parts: string[], req: IncomingMessage, url: URL, res: ServerResponse) {
    const [provider, rawId, action] = parts as [ProviderName, string, string | undefined];
    const id = decodeURIComponent(rawId);
    const link = enabled.has(provider) ? emulators[provider]?.link(id) : undefined;
    if (!link)
      return send(
        res,
        404,
        messagePage('Not found', 'There is no such payment link.'),
        'text/html; charset=utf-8',
      );
    const deliveriesOf = () => queue.log.filter((d) => d.provider === provider && d.linkId === id);
    if (req.method === 'GET' && action === undefined) {
      const done = url.searchParams.get('done') as PayerAction | null;
      const page = checkoutPage(
        link,
        deliveriesOf(),
        done && PAYER_ACTIONS.includes(done) ? done : undefined,
      );
      return send(res, 200, page, 'text/html; charset=utf-8');
    }
    if (req.method === 'POST' && action && PAYER_ACTIONS.includes(action as PayerAction)) {
      await readBody(req);
      await act(id, action as PayerAction, { provider });
      // Read the link again: a redirect may carry what the action made (Paymob's has the transaction).
      const after = emulators[provider].link(id) ?? link;
      const target = after.redirects[action as PayerAction] ?? `${link.url}?done=${action}`;
      res.writeHead(303, { location: target, 'content-length': '0' });
      return res.end();
    }
    return send(
      res,
      405,
      messagePage('Not allowed', 'Use the buttons on the page.'),
      'text/html; charset=utf-8',
    );
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    const run = async () => {
      for (const provider of PROVIDER_NAMES) {
        const prefix = prefixes[provider];
        if (path === prefix || path.startsWith(`${prefix}/`)) {
          if (!enabled.has(provider))
            return send(res, 404, '{"error":"provider disabled"}', 'application/json');
          return handleApi(provider, path.slice(prefix.length), req, url, res);
        }
      }
      const parts = path.split('/').filter(Boolean);
      if (parts[0] === 'pay' && (parts.length === 3 || parts.length === 4)) {
        return handleCheckout(parts.slice(1), req, url, res);
      }
      if (path === '/_simulator/deliveries')
        return send(res, 200, JSON.stringify(queue.log), 'application/json');
      if (path === '/_simulator/links')
        return send(res, 200, JSON.stringify(sim.links()), 'application/json');
      if (path === '/' && req.method === 'GET') {
        return send(res, 200, indexPage(sim.links(), baseUrls), 'text/html; charset=utf-8');
      }
      return send(res, 404, '{"error":"not found"}', 'application/json');
    };
    run().catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const status = error instanceof SimulatorActionError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      send(res, status, messagePage('Simulator', message), 'text/html; charset=utf-8');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const baseUrls = Object.freeze({
    moneyhash: `${origin}${prefixes.moneyhash}`,
    moyasar: `${origin}${prefixes.moyasar}`,
    moneygo: `${origin}${prefixes.moneygo}`,
    paymob: `${origin}${prefixes.paymob}`,
    tap: `${origin}${prefixes.tap}`,
  });
  const moneyhash = { ...TEST_CREDENTIALS.moneyhash, ...options.moneyhash };
  const moyasar = { ...TEST_CREDENTIALS.moyasar, ...options.moyasar };
  const moneygo = { ...TEST_CREDENTIALS.moneygo, ...options.moneygo };
  const paymob = { ...TEST_CREDENTIALS.paymob, ...options.paymob };
  const tap = { ...TEST_CREDENTIALS.tap, ...options.tap };
  let closing: Promise<void> | undefined;

  const sim: Simulator = {
    url: origin,
    baseUrls,
    settings: {
      moneyhash: {
        baseUrl: baseUrls.moneyhash,
        apiKey: moneyhash.apiKey,
        webhookSecret: moneyhash.webhookSecret,
        flowId: TEST_CREDENTIALS.moneyhash.flowId,
      },
      moyasar: {
        baseUrl: baseUrls.moyasar,
        secretKey: moyasar.secretKey,
        webhookSecret: moyasar.webhookSecret,
      },
      moneygo: {
        baseUrl: baseUrls.moneygo,
        clientId: moneygo.clientId,
        clientSecret: moneygo.clientSecret,
        formSecret: moneygo.formSecret,
        walletTo: TEST_CREDENTIALS.moneygo.walletTo,
      },
      paymob: {
        baseUrl: baseUrls.paymob,
        secretKey: paymob.secretKey,
        publicKey: paymob.publicKey,
        apiKey: paymob.apiKey,
        webhookSecret: paymob.webhookSecret,
        integrationIds: options.paymob?.integrations
          ? Object.keys(options.paymob.integrations).map(Number)
          : TEST_CREDENTIALS.paymob.integrationIds,
      },
      tap: { baseUrl: baseUrls.tap, secretKey: tap.secretKey },
    },
    get deliveries() {
      return queue.log;
    },
    pay: (id, o) => act(id, 'pay', o),
    decline: (id, o) => act(id, 'decline', o),
    cancel: (id, o) => act(id, 'cancel', o),
    expire: (id, o) => act(id, 'expire', o),
    link: (id, provider) => find(id, provider)?.link,
    links: () => PROVIDER_NAMES.filter((p) => enabled.has(p)).flatMap((p) => emulators[p].links()),
    failNext: (provider, rule) => emulators[provider].failNext(rule),
    settled: () => queue.settled(),
    reset: () => {
      for (const p of PROVIDER_NAMES) emulators[p].reset();
      for (const timer of expiries.values()) clock.clearTimeout(timer);
      expiries.clear();
      queue.log.length = 0;
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of expiries.values()) clock.clearTimeout(timer);
        expiries.clear();
        queue.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
  return sim;
}
