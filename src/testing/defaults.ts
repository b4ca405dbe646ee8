import { MONEYGO_BASE_URLS } from '../providers/moneygo/api';
import { DEFAULT_BASE_URL as MONEYHASH_BASE_URL } from '../providers/moneyhash/api';
import { MOYASAR_DEFAULT_BASE_URL } from '../providers/moyasar/api';
import { PAYMOB_DEFAULT_BASE_URL } from '../providers/paymob/api';
import { TAP_DEFAULT_BASE_URL } from '../providers/tap/api';

/**
 * The test credentials the simulator and the msw mocks accept, and the secrets they sign webhooks
 * with, unless told otherwise. They are fixed, public strings: never use them outside tests.
 */
export interface TestCredentials {
  readonly moneyhash: { readonly apiKey: string; readonly webhookSecret: string; readonly flowId: string };
  readonly moyasar: { readonly secretKey: string; readonly webhookSecret: string };
  readonly moneygo: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly formSecret: string;
    readonly walletTo: string;
    readonly walletFrom: string;
  };
  readonly paymob: {
    readonly secretKey: string;
    readonly publicKey: string;
    readonly apiKey: string;
    readonly webhookSecret: string;
    readonly integrationIds: readonly number[];
  };
  readonly tap: { readonly secretKey: string };
}

export const TEST_CREDENTIALS: TestCredentials = Object.freeze({
  moneyhash: Object.freeze({
    /** Sent as `X-Api-Key`. */
    apiKey: 'mh_test_simulator_api_key',
    /** The organisation's webhook signature secret (signs `MoneyHash-Signature` v3). */
    webhookSecret: 'mh_test_simulator_webhook_secret',
    /** A flow id; the simulator accepts any non-empty flow id. */
    flowId: 'simFlow',
  }),
  moyasar: Object.freeze({
    /** HTTP Basic user name (empty password). */
    secretKey: 'sk_test_simulator_secret_key',
    /** Echoed in every webhook body as `secret_token`. */
    webhookSecret: 'moyasar_test_simulator_webhook_secret',
  }),
  moneygo: Object.freeze({
    clientId: 'moneygo_test_client',
    clientSecret: 'moneygo_test_client_secret',
    /** The "token for the form" that signs checkouts (and so the webhooks' `signature`). */
    formSecret: 'moneygo_test_form_secret',
    /** The merchant's wallet. Wallet numbers start with a currency letter: U = USD. */
    walletTo: 'U100001',
    /** A payer wallet that exists in the simulator. */
    walletFrom: 'U200002',
  }),
  paymob: Object.freeze({
    /** `Authorization: Token …` (intentions, refund, void, capture). The `egy_` prefix selects Egypt's host. */
    secretKey: 'egy_sk_test_simulator_secret_key',
    /** In the Unified Checkout URL. */
    publicKey: 'egy_pk_test_simulator_public_key',
    /** Exchanged for the auth token of transaction inquiries. */
    apiKey: 'paymob_test_simulator_api_key',
    /** The HMAC secret: signs every callback (`?hmac=`), used as text. */
    webhookSecret: 'PAYMOBTESTSIMULATORHMACSECRET01',
    /** A card integration in EGP, the one the simulator knows by default. */
    integrationIds: Object.freeze([4_100_001]),
  }),
  tap: Object.freeze({
    /**
     * Sent as `Authorization: Bearer …`, and the key that signs `hashstring` (Tap signs webhooks
     * with the secret API key). Shaped like Tap's keys (32 characters); not Tap's own shared test key.
     */
    secretKey: 'sk_test_SimulatorPaybridgeKey001',
  }),
});

/** The providers paybridge/testing emulates. */
export type ProviderName = 'moneyhash' | 'moyasar' | 'moneygo' | 'paymob' | 'tap';

export const PROVIDER_NAMES: readonly ProviderName[] = ['moneyhash', 'moyasar', 'moneygo', 'paymob', 'tap'];

/**
 * The providers' production base URLs: the adapters' own defaults (what they call when no `baseUrl`
 * is set, so what the msw mocks intercept).
 */
export const PRODUCTION_BASE_URLS: Readonly<Record<ProviderName, string>> = Object.freeze({
  moneyhash: MONEYHASH_BASE_URL,
  moyasar: MOYASAR_DEFAULT_BASE_URL,
  moneygo: MONEYGO_BASE_URLS.production,
  paymob: PAYMOB_DEFAULT_BASE_URL,
  tap: TAP_DEFAULT_BASE_URL,
});
