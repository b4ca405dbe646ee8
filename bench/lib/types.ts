/**
 * What one provider adds to the benchmarks: one file, bench/providers/<name>.ts, whose default
 * export is a `ProviderBench`. run.ts and heap.ts load every file in that folder.
 */

/** One webhook, prepared once, parsed many times. */
export interface WebhookCase {
  /** The exact body length in bytes (reported next to the ratios). */
  bytes: number;
  /** The paybridge call being measured: verify and parse the prepared input (Buffer body + headers). */
  parse(): Promise<unknown>;
  /**
   * The least work that checks the same thing: node:crypto hash or HMAC, node:crypto
   * timingSafeEqual, JSON.parse. The baseline for the ≤ 1.3× target.
   */
  raw(): unknown;
  /** The same webhook for a fresh process: run.ts parses it once there, next to Stripe's first constructEvent. */
  cold: ColdCase;
}

/**
 * A signed webhook as plain data, for a child process that imports paybridge and parses it once.
 * The child calls `${factory}Webhooks(settings)` from `${entry}/webhooks` (what a webhook receiver
 * imports) or `${factory}(settings)` from the full entry, so the settings must suit both.
 */
export interface ColdCase {
  /** `'createMoyasar'` */
  factory: string;
  settings: Record<string, unknown>;
  /** The body as text (the same bytes), the headers, and the URL where a provider signs it. */
  input: { body: string; headers: Record<string, string>; url?: string };
}

/** One createPaymentLink call against a loopback server, and the same request sent with plain fetch. */
export interface LinkCase {
  /** What the loopback server answers (it records nothing; JSON bodies only). */
  respond(request: { method: string; path: string; body: string }): { status: number; json: unknown };
  /** `adapter.createPaymentLink(…)` pointed at the loopback server. */
  create(): Promise<unknown>;
  /**
   * A plain `fetch` of the same request and `response.json()`. Optional: by default the runner
   * replays the request the adapter sent (method, path, headers and body as captured by the server).
   */
  raw?(): Promise<unknown>;
}

export interface ProviderBench {
  /** `'moyasar'` */
  provider: string;
  /** `'paybridge/moyasar'` */
  entry: string;
  /** A signed, valid webhook whose body is about `size` bytes. */
  webhook(size: number): Promise<WebhookCase>;
  /** Optional: the createPaymentLink comparison, given the loopback server's base URL. */
  paymentLink?(baseUrl: string): Promise<LinkCase>;
}
