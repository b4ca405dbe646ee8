/**
 * The `paybridge` command (`paybridge <command> --help` for each one's options):
 *
 *   paybridge simulate [--port N] [--host H] [--moyasar-webhook-url URL]
 *   paybridge verify --provider moneyhash|moyasar|moneygo|tap --secret S [--header 'Name: value']… < body.json
 *
 * `simulate` runs the local provider simulator until interrupted. `verify` checks a captured
 * webhook with the adapter's own `parseWebhook` and prints the parsed event (exit 0) or why it was
 * refused (exit 1).
 */
import { parseArgs } from 'node:util';
import type { WebhookEvent } from './core/types';
import { createMoneyGo } from './providers/moneygo/index';
import { createMoneyHash } from './providers/moneyhash/index';
import { createMoyasar } from './providers/moyasar/index';
import { createTap } from './providers/tap/index';
import { type ProviderName, TEST_CREDENTIALS } from './testing/index';
import { startSimulator } from './testing/simulator/index';

const SIMULATE_USAGE = `Usage: paybridge simulate [--port N] [--host 127.0.0.1] [--moyasar-webhook-url URL]

Runs the MoneyHash, Moyasar, Money-Go, Paymob and Tap simulator until Ctrl-C, and prints its base
URLs and the test credentials to configure the adapters with. Open its URL in a browser for the links.

Options:
  --port N                   the port to listen on (default 0: any free port)
  --host HOST                the address to listen on (default 127.0.0.1)
  --moyasar-webhook-url URL  where Moyasar webhooks go (Moyasar's webhook URL is account-wide)
  -h, --help                 this help
`;

const VERIFY_USAGE = `Usage: paybridge verify --provider moneyhash|moyasar|moneygo|tap --secret SECRET
                        [--header 'Name: value']... [--tolerance SECONDS|off] < body.json

Verifies and parses a captured webhook body, read from standard input, with the adapter's own
parseWebhook (no request is made). Prints the event as JSON and exits 0, or says why the webhook
was refused and exits 1.

Options:
  --provider NAME            moneyhash, moyasar, moneygo or tap
  --secret SECRET            moneyhash: the webhook signature secret (pass its MoneyHash-Signature
                             header); moyasar: the webhook's secret token; moneygo: the form secret;
                             tap: the secret API key (sk_…; pass the hashstring header)
  --header 'Name: value'     a request header, as received (repeat for several)
  --wallet-to WALLET         moneygo: the merchant wallet the checkout was paid to
  --tolerance SECONDS|off    the accepted age of a timestamped signature (MoneyHash; default 300)
  -h, --help                 this help
`;

const USAGE = `Usage:
  paybridge simulate [--port N] [--host 127.0.0.1] [--moyasar-webhook-url URL]
      Runs the MoneyHash, Moyasar, Money-Go, Paymob and Tap simulator until Ctrl-C.
  paybridge verify --provider moneyhash|moyasar|moneygo|tap --secret SECRET [--header 'Name: value']... < body.json
      Verifies and parses a captured webhook body (read from standard input).
  paybridge help [COMMAND]
      This help, or a command's options (also: paybridge COMMAND --help).
`;

/** Every command with its help text (each one answers --help and -h). */
export const COMMANDS = {
  simulate: SIMULATE_USAGE,
  verify: VERIFY_USAGE,
} as const;

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);
/** A usage error: the message, a pointer to the command's help, exit code 2. */
const usageError = (command: keyof typeof COMMANDS, message: string) => {
  err(`${message}\nSee: paybridge ${command} --help`);
  return 2;
};

export type Verifier = (
  provider: ProviderName,
  input: { body: Uint8Array; headers: Record<string, string> },
  options: { secret: string; walletTo?: string | undefined; toleranceSeconds: number | false },
) => Promise<WebhookEvent>;

async function simulate(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'moyasar-webhook-url': { type: 'string' },
    },
  });
  const port = Number.parseInt(values.port, 10);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return usageError('simulate', `--port must be a port number, got ${values.port}.`);
  }
  const sim = await startSimulator({
    port,
    host: values.host,
    moyasar: values['moyasar-webhook-url'] ? { webhookUrl: values['moyasar-webhook-url'] } : {},
  });
  const c = TEST_CREDENTIALS;
  out(`paybridge simulator listening on ${sim.url} (open it in a browser for the links)

  moneyhash  baseUrl ${sim.baseUrls.moneyhash}
             apiKey ${c.moneyhash.apiKey}  webhookSecret ${c.moneyhash.webhookSecret}
  moyasar    baseUrl ${sim.baseUrls.moyasar}
             secretKey ${c.moyasar.secretKey}  webhookSecret ${c.moyasar.webhookSecret}
             account webhook URL ${values['moyasar-webhook-url'] ?? '(none: pass --moyasar-webhook-url)'}
  moneygo    baseUrl ${sim.baseUrls.moneygo}
             clientId ${c.moneygo.clientId}  clientSecret ${c.moneygo.clientSecret}
             formSecret ${c.moneygo.formSecret}  walletTo ${c.moneygo.walletTo}  payer wallet ${c.moneygo.walletFrom}
  paymob     baseUrl ${sim.baseUrls.paymob}
             secretKey ${c.paymob.secretKey}  publicKey ${c.paymob.publicKey}  apiKey ${c.paymob.apiKey}
             webhookSecret (HMAC) ${c.paymob.webhookSecret}  integrationIds ${c.paymob.integrationIds.join(',')}
  tap        baseUrl ${sim.baseUrls.tap}
             secretKey ${c.tap.secretKey}  (it also signs the webhooks)

Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  return 0;
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function verify(args: string[], verifier: Verifier): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' },
      secret: { type: 'string' },
      header: { type: 'string', multiple: true, default: [] },
      'wallet-to': { type: 'string' },
      tolerance: { type: 'string', default: '300' },
    },
  });
  const provider = values.provider as ProviderName | undefined;
  if (provider !== 'moneyhash' && provider !== 'moyasar' && provider !== 'moneygo' && provider !== 'tap') {
    return usageError('verify', '--provider must be moneyhash, moyasar, moneygo or tap.');
  }
  if (!values.secret) {
    return usageError('verify', '--secret is required.');
  }
  const headers: Record<string, string> = {};
  for (const h of values.header) {
    const colon = h.indexOf(':');
    if (colon <= 0) {
      return usageError('verify', `--header must look like 'Name: value', got ${JSON.stringify(h)}.`);
    }
    headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  const tolerance = values.tolerance === 'off' ? false : Number.parseInt(values.tolerance, 10);
  if (tolerance !== false && (!Number.isInteger(tolerance) || tolerance < 0)) {
    return usageError('verify', '--tolerance must be a number of seconds or "off".');
  }
  const body = await readStdin();
  try {
    const event = await verifier(
      provider,
      { body, headers },
      { secret: values.secret, walletTo: values['wallet-to'], toleranceSeconds: tolerance },
    );
    out(JSON.stringify({ verified: true, ...event, raw: undefined }, null, 2));
    return 0;
  } catch (error) {
    const e = error as { name?: string; code?: string; message?: string };
    err(`Not verified: ${e.name ?? 'Error'}${e.code ? ` (${e.code})` : ''}: ${e.message ?? String(error)}`);
    return 1;
  }
}

const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h';

/** Runs the command line; resolves with the exit code. */
export async function main(argv: string[], verifier: Verifier): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || isHelp(command)) {
    const topic = command === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !Object.hasOwn(COMMANDS, topic)) {
      err(`Unknown command ${JSON.stringify(topic)}.\n\n${USAGE}`);
      return 2;
    }
    out(topic === undefined ? USAGE : COMMANDS[topic as keyof typeof COMMANDS]);
    return command === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) {
    err(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
    return 2;
  }
  if (rest.some(isHelp)) {
    out(COMMANDS[command as keyof typeof COMMANDS]);
    return 0;
  }
  try {
    return command === 'simulate' ? await simulate(rest) : await verify(rest, verifier);
  } catch (error) {
    return usageError(
      command as keyof typeof COMMANDS,
      error instanceof Error ? error.message : String(error),
    );
  }
}

/** Verifies with the real adapters. No API call is made: parseWebhook never does I/O. */
export const defaultVerifier: Verifier = async (provider, input, options) => {
  const parseOptions = { toleranceSeconds: options.toleranceSeconds };
  if (provider === 'moneyhash') {
    return createMoneyHash({ webhookSecret: options.secret }).parseWebhook(input, parseOptions);
  }
  if (provider === 'moyasar') {
    // Without a secret key the adapter cannot know the mode, so the `live` flag is not checked.
    return createMoyasar({ webhookSecret: options.secret, checkLiveMode: false }).parseWebhook(
      input,
      parseOptions,
    );
  }
  if (provider === 'tap') {
    return createTap({ webhookSecret: options.secret }).parseWebhook(input, parseOptions);
  }
  return createMoneyGo({ formSecret: options.secret, walletTo: options.walletTo }).parseWebhook(
    input,
    parseOptions,
  );
};
