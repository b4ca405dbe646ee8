/**
 * Webhook delivery with retries, as the providers do it: POST the exact signed body; a 2xx answer
 * ends it, anything else (or no answer within the timeout) is retried after the next delay of the
 * provider's schedule, then given up. Uses node:http(s) with no connection pooling, so closing the
 * simulator leaves no socket behind.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ProviderName } from '../defaults';
import type { OutgoingWebhook } from '../emulators/common';

/**
 * Delays between delivery attempts, in milliseconds. Moyasar documents 5 retries after
 * 1 min, 10 min, 30 min, 1 h and 2 h; here one second of the real schedule is one millisecond.
 * MoneyHash and Money-Go publish no schedule: the simulator uses the same shape for them. Tap
 * documents "two more retry attempts" without intervals: the simulator uses the first two.
 */
export const DEFAULT_RETRY_DELAYS: Readonly<Record<ProviderName, readonly number[]>> = Object.freeze({
  moyasar: [60, 600, 1_800, 3_600, 7_200],
  moneyhash: [60, 600, 1_800, 3_600, 7_200],
  moneygo: [60, 600, 1_800, 3_600, 7_200],
  tap: [60, 600],
});

export interface DeliveryAttempt {
  at: Date;
  /** The receiver's HTTP status, when it answered. */
  status?: number | undefined;
  /** Why no status was received (connection refused, timeout…). */
  error?: string | undefined;
}

/** One webhook and every attempt to deliver it. */
export interface Delivery extends OutgoingWebhook {
  /** Sequence number, from 1. */
  seq: number;
  /**
   * `pending` (an attempt is running or scheduled), `delivered` (a 2xx answer), `failed` (every
   * attempt failed), `no_url` (the link has no webhook URL), `stopped` (the simulator closed first).
   */
  state: 'pending' | 'delivered' | 'failed' | 'no_url' | 'stopped';
  attempts: DeliveryAttempt[];
}

export interface DeliveryOptions {
  retryDelays: Readonly<Record<ProviderName, readonly number[]>>;
  /** Per-attempt timeout in milliseconds. */
  timeout: number;
  userAgent: string;
}

export class DeliveryQueue {
  readonly log: Delivery[] = [];
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #inflight = new Set<{ destroy(): void }>();
  #pending = 0;
  #idle: (() => void)[] = [];
  #closed = false;
  #options: DeliveryOptions;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  /** Records the webhooks and makes each one's first attempt, in order; resolves when those are done. */
  async send(webhooks: readonly OutgoingWebhook[]): Promise<Delivery[]> {
    const deliveries: Delivery[] = [];
    for (const webhook of webhooks) {
      const delivery: Delivery = {
        ...webhook,
        seq: this.log.length + 1,
        state: webhook.url ? 'pending' : 'no_url',
        attempts: [],
      };
      this.log.push(delivery);
      deliveries.push(delivery);
      if (delivery.url && !this.#closed) {
        this.#pending++;
        await this.#attempt(delivery);
      } else if (this.#closed && delivery.url) {
        delivery.state = 'stopped';
      }
    }
    return deliveries;
  }

  /** Resolves once no delivery is pending (every one delivered, failed for good, or stopped). */
  settled(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #attempt(delivery: Delivery): Promise<void> {
    const attempt: DeliveryAttempt = { at: new Date() };
    delivery.attempts.push(attempt);
    try {
      const n = delivery.attempts.length;
      const sent = n > 1 && delivery.attemptBody ? await delivery.attemptBody(n) : delivery;
      attempt.status = await this.#post(delivery, sent);
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      this.#finish(delivery, 'delivered');
      return;
    }
    const delays = this.#options.retryDelays[delivery.provider];
    const delay = delays[delivery.attempts.length - 1];
    if (this.#closed) return this.#finish(delivery, 'stopped');
    if (delay === undefined) return this.#finish(delivery, 'failed');
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#attempt(delivery);
    }, delay);
    this.#timers.add(timer);
  }

  #finish(delivery: Delivery, state: Delivery['state']): void {
    if (delivery.state !== 'pending') return;
    delivery.state = state;
    this.#pending--;
    if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  #post(delivery: Delivery, sent: { body: string; headers: Record<string, string> }): Promise<number> {
    const url = new URL(delivery.url!);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const body = Buffer.from(sent.body, 'utf8');
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          agent: false,
          timeout: this.#options.timeout,
          headers: {
            ...sent.headers,
            'user-agent': this.#options.userAgent,
            'content-length': String(body.byteLength),
            connection: 'close',
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      const handle = { destroy: () => req.destroy(new Error('The simulator was closed.')) };
      this.#inflight.add(handle);
      req.on('timeout', () => req.destroy(new Error(`No answer within ${this.#options.timeout} ms.`)));
      req.on('error', reject);
      req.on('close', () => this.#inflight.delete(handle));
      req.end(body);
    });
  }

  /** Cancels scheduled retries and aborts running attempts. */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const req of this.#inflight) req.destroy();
    for (const delivery of this.log) if (delivery.state === 'pending') this.#finish(delivery, 'stopped');
  }
}
