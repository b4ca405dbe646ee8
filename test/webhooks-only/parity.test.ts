/**
 * paybridge/<provider>/webhooks: each `createXWebhooks` parses exactly as its full adapter does:
 * the same event (deep-equal) or the same error (class, code, reason, message) for every webhook
 * fixture of test/fixtures/<provider>, a forged and a tampered delivery, the settings read from the
 * environment, and bad settings refused on first use, never at construction.
 */
import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { ParseWebhookOptions, WebhookInput } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyGoWebhooks } from 'paybridge/moneygo/webhooks';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoneyHashWebhooks } from 'paybridge/moneyhash/webhooks';
import { createMoyasar } from 'paybridge/moyasar';
import { createMoyasarWebhooks } from 'paybridge/moyasar/webhooks';
import { createPaymob, paymobRedirectMessage } from 'paybridge/paymob';
import { createPaymobWebhooks } from 'paybridge/paymob/webhooks';
import { createTap } from 'paybridge/tap';
import { createTapWebhooks } from 'paybridge/tap/webhooks';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FORM_SECRET,
  type MoneyGoWebhookBody,
  fixture as moneyGoFixture,
  signedWebhook,
} from '../providers/moneygo/helpers';
import { fixtureText as moneyHashText, NOW, signedHeaders } from '../providers/moneyhash/helpers';
import {
  FIXTURE_WEBHOOK_SECRET,
  LIVE_KEY,
  fixtureText as moyasarText,
  TEST_KEY,
} from '../providers/moyasar/helpers';
import {
  hookUrl,
  fixtureText as paymobText,
  TV_P1,
  TV_P3,
  walletSampleQuery,
} from '../providers/paymob/helpers';
import { TAP_SHARED_TEST_KEY, fixtureText as tapText } from '../providers/tap/helpers';

afterEach(() => {
  vi.unstubAllEnvs();
});

type Outcome = { event: unknown } | { error: Record<string, unknown> };

/** What a parse came to: the event, or the error's class and every public field. */
async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { event: await promise };
  } catch (error) {
    const e = error as Error & Record<string, unknown>;
    return {
      error: {
        class: e.constructor.name,
        name: e.name,
        message: e.message,
        code: e['code'],
        reason: e['reason'],
        provider: e['provider'],
        path: e['path'],
      },
    };
  }
}

interface Parser {
  parseWebhook(input: WebhookInput, options?: ParseWebhookOptions): Promise<unknown>;
}

/** Both parse `input`; their outcomes are equal. Returns the outcome, for the case's own check. */
async function same(full: Parser, only: Parser, input: WebhookInput, options?: ParseWebhookOptions) {
  const a = await outcome(full.parseWebhook(input, options));
  const b = await outcome(only.parseWebhook(input, options));
  expect(b).toEqual(a);
  return a;
}

const verified = (o: Outcome) => expect(o).toHaveProperty('event.provider');
const refused = (o: Outcome, reason: string) => expect(o).toMatchObject({ error: { reason } });
const configError = (o: Outcome, code: string) =>
  expect(o).toMatchObject({ error: { class: 'ConfigurationError', code } });

const webhookFixtures = (dir: string, pattern: RegExp) =>
  readdirSync(new URL(`../fixtures/${dir}/`, import.meta.url)).filter((f) => pattern.test(f));

describe('moyasar', () => {
  const files = webhookFixtures('moyasar', /^webhook-.*\.json$/).map((f) => f.replace(/\.json$/, ''));
  const pair = (settings: Parameters<typeof createMoyasarWebhooks>[0]) =>
    [createMoyasar(settings), createMoyasarWebhooks(settings)] as const;

  it('has webhook fixtures', () => expect(files.length).toBeGreaterThanOrEqual(7));

  it.each(files)('%s: the same event, with a test key and without a key', async (name) => {
    for (const settings of [
      { webhookSecret: FIXTURE_WEBHOOK_SECRET, secretKey: TEST_KEY },
      { webhookSecret: FIXTURE_WEBHOOK_SECRET },
    ]) {
      verified(await same(...pair(settings), { body: moyasarText(name) }));
    }
  });

  it.each(files)('%s: the same mode_mismatch with a live key', async (name) => {
    const o = await same(...pair({ webhookSecret: FIXTURE_WEBHOOK_SECRET, secretKey: LIVE_KEY }), {
      body: moyasarText(name),
    });
    refused(o, 'mode_mismatch');
  });

  it('a forged secret_token, a tampered body and no secret: the same errors', async () => {
    const body = JSON.parse(moyasarText('webhook-payment-paid'));
    const settings = { webhookSecret: FIXTURE_WEBHOOK_SECRET };
    refused(
      await same(...pair(settings), { body: JSON.stringify({ ...body, secret_token: 'forged' }) }),
      'bad_signature',
    );
    const tampered = JSON.stringify({ ...body, data: { ...body.data, amount: 'x' } });
    expect(await same(...pair(settings), { body: tampered })).toHaveProperty(
      'error.class',
      'WebhookParseError',
    );
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET', '');
    refused(await same(...pair({}), { body: moyasarText('webhook-payment-paid') }), 'missing_secret');
  });

  it('reads MOYASAR_WEBHOOK_SECRET (and _PREVIOUS) and MOYASAR_SECRET_KEY as the adapter does', async () => {
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET', 'rotated-in');
    vi.stubEnv('MOYASAR_WEBHOOK_SECRET_PREVIOUS', FIXTURE_WEBHOOK_SECRET);
    vi.stubEnv('MOYASAR_SECRET_KEY', TEST_KEY);
    verified(await same(...pair(undefined), { body: moyasarText('webhook-payment-paid') }));
    vi.stubEnv('MOYASAR_SECRET_KEY', LIVE_KEY);
    refused(await same(...pair(null), { body: moyasarText('webhook-payment-paid') }), 'mode_mismatch');
  });

  it('bad settings: constructing never throws; the first parse refuses them, as the adapter does', async () => {
    vi.stubEnv('MOYASAR_SECRET_KEY', '');
    const body = { body: moyasarText('webhook-payment-paid') };
    const s = FIXTURE_WEBHOOK_SECRET;
    configError(await same(...pair('nope' as never), body), 'invalid_setting');
    configError(await same(...pair({ webhookSecret: s, secretKey: 'pk_test_x' }), body), 'publishable_key');
    configError(await same(...pair({ webhookSecret: s, secretKey: 'abc' }), body), 'invalid_secret_key');
    configError(await same(...pair({ webhookSecret: s, checkLiveMode: true }), body), 'missing_setting');
    configError(await same(...pair({ webhookSecret: 42 as never }), body), 'invalid_setting');
    // checkLiveMode: false never reads the key.
    verified(await same(...pair({ webhookSecret: s, secretKey: 'pk_x', checkLiveMode: false }), body));
  });
});

describe('moneyhash', () => {
  const files = webhookFixtures('moneyhash', /^seed\..*\.json$/).map((f) => f.replace(/\.json$/, ''));
  const pair = (settings: Parameters<typeof createMoneyHashWebhooks>[0]) =>
    [createMoneyHash(settings), createMoneyHashWebhooks(settings)] as const;
  const SECRET = 'whsec_moneyhash_test_0123456789';
  const at = { now: NOW };

  it('has webhook fixtures', () => expect(files.length).toBeGreaterThanOrEqual(10));

  it.each(files)('%s: the same event', async (name) => {
    const body = moneyHashText(name);
    verified(await same(...pair({ webhookSecret: SECRET }), { body, headers: signedHeaders(body) }, at));
  });

  it.each(files)('%s: tampered after signing, signed with another secret: the same errors', async (name) => {
    const body = moneyHashText(name);
    const tampered = body.replace(/"/, ' "');
    refused(
      await same(...pair({ webhookSecret: SECRET }), { body: tampered, headers: signedHeaders(body) }, at),
      'bad_signature',
    );
    refused(
      await same(
        ...pair({ webhookSecret: SECRET }),
        { body, headers: signedHeaders(body, undefined, 'forged') },
        at,
      ),
      'bad_signature',
    );
  });

  it('reads MONEYHASH_WEBHOOK_SECRET as the adapter does; acceptCompactJsonSignature is passed on', async () => {
    const body = moneyHashText(files[0] as string);
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', SECRET);
    verified(await same(...pair(undefined), { body, headers: signedHeaders(body) }, at));
    const compact = JSON.stringify(JSON.parse(body));
    const input = { body, headers: signedHeaders(compact) };
    const strict = await same(...pair({}), input, at);
    const loose = await same(...pair({ acceptCompactJsonSignature: true }), input, at);
    expect(strict).not.toEqual(loose);
    vi.stubEnv('MONEYHASH_WEBHOOK_SECRET', '');
    refused(await same(...pair({}), { body, headers: signedHeaders(body) }, at), 'missing_secret');
  });

  it('bad settings: constructing never throws; the first parse refuses them, as the adapter does', async () => {
    const body = moneyHashText(files[0] as string);
    const input = { body, headers: signedHeaders(body) };
    configError(await same(...pair(7 as never), input, at), 'invalid_setting');
    configError(await same(...pair({ webhookSecret: [''] }), input, at), 'invalid_setting');
  });
});

describe('moneygo', () => {
  const signed = async (change: Partial<MoneyGoWebhookBody> = {}, secret = FORM_SECRET) =>
    JSON.stringify(await signedWebhook(change, secret));
  const pair = (settings: Parameters<typeof createMoneyGoWebhooks>[0]) =>
    [createMoneyGo(settings), createMoneyGoWebhooks(settings)] as const;
  const seed = () => JSON.stringify(moneyGoFixture('webhook.seed.json'));

  it('the seed fixture: refused as signed (unknown secret), the same event unverified', async () => {
    refused(await same(...pair({ formSecret: FORM_SECRET }), { body: seed() }), 'bad_signature');
    verified(await same(...pair({ webhookVerification: 'none' }), { body: seed() }));
  });

  it('the seed re-signed: the same event; forged and tampered: the same errors', async () => {
    verified(await same(...pair({ formSecret: FORM_SECRET }), { body: await signed() }));
    verified(await same(...pair({ formSecret: ['new', FORM_SECRET] }), { body: await signed() }));
    refused(
      await same(...pair({ formSecret: FORM_SECRET }), { body: await signed({}, 'forged') }),
      'bad_signature',
    );
    const tampered = JSON.stringify({ ...JSON.parse(await signed()), amount: 2 });
    refused(await same(...pair({ formSecret: FORM_SECRET }), { body: tampered }), 'bad_signature');
  });

  it('reads MONEYGO_FORM_SECRET (and _PREVIOUS) as the adapter does', async () => {
    vi.stubEnv('MONEYGO_FORM_SECRET', 'rotated-in');
    vi.stubEnv('MONEYGO_FORM_SECRET_PREVIOUS', FORM_SECRET);
    verified(await same(...pair(undefined), { body: await signed() }));
    vi.stubEnv('MONEYGO_FORM_SECRET', '');
    vi.stubEnv('MONEYGO_FORM_SECRET_PREVIOUS', '');
    refused(await same(...pair({}), { body: await signed() }), 'missing_secret');
  });

  it('bad settings: constructing never throws; the first parse refuses them, as the adapter does', async () => {
    const body = { body: await signed() };
    configError(await same(...pair([] as never), body), 'invalid_setting');
    configError(await same(...pair({ webhookVerification: 'hmac' as never }), body), 'invalid_setting');
    configError(await same(...pair({ formSecret: 5 as never }), body), 'invalid_setting');
  });
});

describe('paymob', () => {
  const pair = (settings: Parameters<typeof createPaymobWebhooks>[0]) =>
    [createPaymob(settings), createPaymobWebhooks(settings)] as const;

  it('every fixture: the processed callback, the card token, the redirects: the same events', async () => {
    verified(
      await same(...pair({ webhookSecret: TV_P1.key }), {
        body: paymobText(TV_P1.file),
        url: hookUrl(TV_P1.hmac),
      }),
    );
    verified(
      await same(...pair({ webhookSecret: TV_P1.key }), {
        body: paymobText(TV_P3.file),
        url: hookUrl(TV_P3.derivedHmac),
      }),
    );
    const [full, only] = pair({ webhookSecret: TV_P1.key });
    const query = walletSampleQuery();
    const docs = await outcome(full.parseRedirect(query));
    expect(await outcome(only.parseRedirect(query))).toEqual(docs);
    refused(docs, 'bad_signature'); // the docs' hmac, made with another secret
    query.set('hmac', createHmac('sha512', TV_P1.key).update(paymobRedirectMessage(query)).digest('hex'));
    const a = await outcome(full.parseRedirect(query));
    expect(await outcome(only.parseRedirect(query))).toEqual(a);
    verified(a);
    // The docs' GET sample was signed with a secret nobody has: both refuse it alike.
    const url = paymobText('transaction_response_callback_card_redirect_url.txt').trim();
    const b = await outcome(full.parseRedirect(url));
    expect(await outcome(only.parseRedirect(url))).toEqual(b);
    expect(b).toHaveProperty('error');
  });

  it('forged and tampered callbacks: the same errors', async () => {
    const settings = { webhookSecret: TV_P1.key };
    refused(
      await same(...pair(settings), { body: paymobText(TV_P1.file), url: hookUrl('0'.repeat(128)) }),
      'bad_signature',
    );
    const body = JSON.parse(paymobText(TV_P1.file));
    body.obj.amount_cents = 1;
    refused(
      await same(...pair(settings), { body: JSON.stringify(body), url: hookUrl(TV_P1.hmac) }),
      'bad_signature',
    );
    refused(await same(...pair(settings), { body: paymobText(TV_P1.file) }), 'missing_signature');
  });

  it('reads PAYMOB_HMAC_SECRET (and _PREVIOUS) as the adapter does', async () => {
    vi.stubEnv('PAYMOB_HMAC_SECRET', 'rotated-in');
    vi.stubEnv('PAYMOB_HMAC_SECRET_PREVIOUS', TV_P1.key);
    const input = { body: paymobText(TV_P1.file), url: hookUrl(TV_P1.hmac) };
    verified(await same(...pair(undefined), input));
    vi.stubEnv('PAYMOB_HMAC_SECRET', '');
    vi.stubEnv('PAYMOB_HMAC_SECRET_PREVIOUS', '');
    refused(await same(...pair({}), input), 'missing_secret');
  });

  it('bad settings: constructing never throws; the first parse refuses them, as the adapter does', async () => {
    const input = { body: paymobText(TV_P1.file), url: hookUrl(TV_P1.hmac) };
    configError(await same(...pair('x' as never), input), 'invalid_setting');
    configError(await same(...pair({ webhookSecret: [TV_P1.key, ' '] }), input), 'invalid_setting');
    const [full, only] = pair(1 as never);
    const a = await outcome(full.parseRedirect(walletSampleQuery()));
    expect(await outcome(only.parseRedirect(walletSampleQuery()))).toEqual(a);
    configError(a, 'invalid_setting');
  });
});

describe('tap', () => {
  const SAMPLES = [
    [
      'charge_captured_mada_sar_webhook.body.json',
      'a5335ad4bf54b5304821eba79c74943daba772b7cae882d743257868698639f5',
    ],
    [
      'authorize_authorized_sar_webhook.body.json',
      '64decd7398b264daec0d1488a1cbbe844f8302c6bbff966d38b723e0e97a3903',
    ],
    [
      'charge_captured_benefit_bhd_webhook.json',
      '1df5710be6d32e80f564a133f860cdbab3b23e5a77fb3776c1ccfd34da436f0b',
    ],
  ] as const;
  const pair = (settings: Parameters<typeof createTapWebhooks>[0]) =>
    [createTap(settings), createTapWebhooks(settings)] as const;
  const key = { secretKey: TAP_SHARED_TEST_KEY };

  it('covers every webhook body fixture', () => {
    const bodies = webhookFixtures('tap', /webhook(\.body)?\.json$/);
    expect(bodies.sort()).toEqual(SAMPLES.map(([f]) => f).sort());
  });

  it.each(SAMPLES)('%s: the same event; forged and tampered: the same errors', async (file, hash) => {
    const body = tapText(file);
    verified(await same(...pair(key), { body, headers: { hashstring: hash } }));
    verified(
      await same(...pair({ webhookSecret: ['sk_test_other', TAP_SHARED_TEST_KEY] }), {
        body,
        headers: { hashstring: hash },
      }),
    );
    refused(await same(...pair(key), { body, headers: { hashstring: 'f'.repeat(64) } }), 'bad_signature');
    const tampered = body.replace(/"(CAPTURED|AUTHORIZED)"/, '"FAILED"');
    expect(tampered).not.toBe(body);
    refused(await same(...pair(key), { body: tampered, headers: { hashstring: hash } }), 'bad_signature');
    refused(await same(...pair(key), { body }), 'missing_signature');
  });

  it('reads TAP_SECRET_KEY (and _PREVIOUS) as the adapter does', async () => {
    const [file, hash] = SAMPLES[0];
    vi.stubEnv('TAP_SECRET_KEY', 'sk_test_rotatedIn');
    vi.stubEnv('TAP_SECRET_KEY_PREVIOUS', TAP_SHARED_TEST_KEY);
    verified(await same(...pair(undefined), { body: tapText(file), headers: { hashstring: hash } }));
    vi.stubEnv('TAP_SECRET_KEY', '');
    vi.stubEnv('TAP_SECRET_KEY_PREVIOUS', '');
    refused(
      await same(...pair({}), { body: tapText(file), headers: { hashstring: hash } }),
      'missing_secret',
    );
  });

  it('bad settings: constructing never throws; the first parse refuses them, as the adapter does', async () => {
    const [file, hash] = SAMPLES[0];
    const input = { body: tapText(file), headers: { hashstring: hash } };
    configError(await same(...pair(true as never), input), 'invalid_setting');
    configError(await same(...pair({ secretKey: 'pk_test_x' }), input), 'publishable_key');
    configError(await same(...pair({ webhookSecret: 'nope' }), input), 'invalid_secret_key');
    configError(await same(...pair({ ...key, amountRounding: 'up' as never }), input), 'invalid_setting');
    configError(await same(...pair({ ...key, currencyExponents: 'x' as never }), input), 'invalid_setting');
    configError(
      await same(...pair({ ...key, refundWebhookVerification: 'x' as never }), input),
      'invalid_setting',
    );
  });
});
