import { readFileSync } from 'node:fs';
import { HttpResponse, http } from 'msw';
import { createMoneyGo, type MoneyGoSettings } from 'paybridge/moneygo';

export const BASE = 'https://api.money-go.com';
export const FORM_SECRET = 'form-secret-for-tests';
export const CLIENT_SECRET = 'client-secret-for-tests';
export const MERCHANT_WALLET = 'U155332';
export const PAYER_WALLET = 'U127056';

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/moneygo/${name}`, import.meta.url), 'utf8')) as T;
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
