import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { toMinorUnits } from 'paybridge';
import { createMoneyGo, formatMoneyGoAmount, type MoneyGoSettings, signCheckout } from 'paybridge/moneygo';

export const BASE = 'https://api.money-go.com';
export const FORM_SECRET = 'form-secret-for-tests';
export const CLIENT_SECRET = 'client-secret-for-tests';
export const MERCHANT_WALLET = 'U155332';
export const PAYER_WALLET = 'U127056';

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/moneygo/${name}`, import.meta.url), 'utf8')) as T;
}

/** The fields of Money-Go's seed webhook that its signature covers (and any others). */
export type MoneyGoWebhookBody = Record<string, unknown> & {
  payment_id: string;
  wallet_to: string;
  wallet_from: string;
  amount: number | string;
  currency_to: string;
};

/** The seed webhook with its own fields re-signed with `secret` (the seed's signature uses a secret nobody knows). */
export async function signedWebhook(
  change: Partial<MoneyGoWebhookBody> = {},
  secret = FORM_SECRET,
): Promise<MoneyGoWebhookBody> {
  const body = { ...fixture<MoneyGoWebhookBody>('webhook.seed.json'), ...change };
  const minor = toMinorUnits(String(body.amount), body.currency_to, { allowExtraZeroDecimals: true });
  body['signature'] = await signCheckout(
    {
      walletTo: body.wallet_to,
      walletFrom: body.wallet_from,
      amount: formatMoneyGoAmount(minor, body.currency_to),
      id: body.payment_id,
    },
    secret,
  );
  return body;
}

export function adapter(settings: MoneyGoSettings = {}) {
  return createMoneyGo({
    clientId: 'client-id-1',
    clientSecret: CLIENT_SECRET,
    formSecret: FORM_SECRET,
    walletTo: MERCHANT_WALLET,
    retry: false,
    ...settings,
  });
}

/** A token endpoint that hands out `tok-1`, `tok-2`, … and counts its calls. */
export function tokenEndpoint(options: { expiresIn?: number } = {}) {
  const state = { calls: 0, bodies: [] as unknown[] };
  const handler = http.post(`${BASE}/token`, async ({ request }) => {
    state.calls += 1;
    state.bodies.push(await request.json());
    return HttpResponse.json({
      token_type: 'Bearer',
      expires_in: options.expiresIn ?? 3600,
      access_token: `access-token-number-${state.calls}`,
    });
  });
  return { state, handler };
}
