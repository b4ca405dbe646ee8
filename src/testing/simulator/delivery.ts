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
 * MoneyHash and Money-Go publish no schedule: the simulator uses the same shape for them. Paymob
 * documents no retries either (fact sheet, Unconfirmed #10): the same shape is the simulator's
 * default for it too.
 * Tap documents "two more retry attempts" without intervals: the simulator uses the first two.
 */
export const DEFAULT_RETRY_DELAYS: Readonly<Record<ProviderName, readonly number[]>> = Object.freeze({
  moyasar: [60, 600, 1_800, 3_600, 7_200],
  moneyhash: [60, 600, 1_800, 3_600, 7_200],
  moneygo: [60, 600, 1_800, 3_600, 7_200],
  paymob: [60, 600, 1_800, 3_600, 7_200],
  tap: [60, 600],
});

/** The simulator's clock: real time by default, a `ManualClock` in tests that must not wait. */
export interface SimulatorClock {
  now(): number;
  /** Runs `callback` after `ms`; a manual clock awaits what it returns (a delivery attempt). */
  setTimeout(callback: () => unknown, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real time. */
export const REAL_CLOCK: SimulatorClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Faults the simulator injects into webhook deliveries on purpose, each a probability from 0 to 1
 * drawn per webhook from the seeded generator (so one seed gives the same faults every run):
 * - `drop`: the webhook is never sent (nor retried), as when a provider gives up or loses it.
 * - `duplicate`: a second copy is delivered too (its own retries included).
 * - `reorder`: held back and sent after the next webhook (or when `settled()` is awaited).
 * - `corruptSignature`: the first attempt carries a broken signature; retries carry the right one.
 * - `delayMs`: the first attempt waits a random time up to this many milliseconds (on the clock).
 */
export interface DeliveryFaults {
  drop?: number | undefined;
  duplicate?: number | undefined;
  reorder?: number | undefined;
  corruptSignature?: number | undefined;
  delayMs?: number | undefined;
}

export type DeliveryFault = 'drop' | 'duplicate' | 'reorder' | 'corrupt_signature' | 'delay';

export interface DeliveryAttempt {
  at: Date;
  /** The receiver's HTTP status, when it answered. */
  status?: number | undefined;
  /** Why no status was received (connection refused, timeout…). */
  error?: string | undefined;
  /** True when this attempt carried a deliberately broken signature (`corruptSignature`). */
  corrupted?: boolean | undefined;
}

/** One webhook and every attempt to deliver it. */
export interface Delivery extends OutgoingWebhook {
  /** Sequence number, from 1. */
  seq: number;
  /**
   * `pending` (an attempt is running or scheduled), `delivered` (a 2xx answer), `failed` (every
   * attempt failed), `no_url` (the link has no webhook URL), `stopped` (the simulator closed first),
   * `dropped` (the `drop` fault: never sent).
   */
  state: 'pending' | 'delivered' | 'failed' | 'no_url' | 'stopped' | 'dropped';
  attempts: DeliveryAttempt[];
  /** The faults injected into this delivery, in the order drawn. */
  faults: DeliveryFault[];
  /** For a `duplicate` copy: the `seq` of the delivery it copies. */
  duplicateOf?: number | undefined;
  /** For a `delay`: the wait before the first attempt, in ms. */
  delayMs?: number | undefined;
}

export interface DeliveryOptions {
  retryDelays: Readonly<Record<ProviderName, readonly number[]>>;
  /** Per-attempt timeout in milliseconds. */
  timeout: number;
  userAgent: string;
  faults?: DeliveryFaults | undefined;
  /** A number in [0, 1) per call; the faults' dice. */
  random: () => number;
  clock: SimulatorClock;
  /** The webhook with a broken signature (per provider). */
  corrupt(webhook: OutgoingWebhook): OutgoingWebhook;
}

/** A seeded generator (mulberry32): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class DeliveryQueue {
  readonly log: Delivery[] = [];
  #timers = new Set<unknown>();
  #inflight = new Set<{ destroy(): void }>();
  #pending = 0;
  #idle: (() => void)[] = [];
  #held: Delivery[] = [];
  #closed = false;
  #options: DeliveryOptions;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  #record(webhook: OutgoingWebhook, extra: Partial<Delivery> = {}): Delivery {
    const delivery: Delivery = {
      ...webhook,
      seq: this.log.length + 1,
      state: webhook.url ? 'pending' : 'no_url',
      attempts: [],
      faults: [],
      ...extra,
    };
    this.log.push(delivery);
    return delivery;
  }

  /**
   * Records the webhooks and starts each one's delivery, in order, with the configured faults;
   * resolves when each first attempt is done (or scheduled, for delayed and reordered ones).
   */
  async send(webhooks: readonly OutgoingWebhook[]): Promise<Delivery[]> {
    const faults = this.#options.faults ?? {};
    const deliveries: Delivery[] = [];
    const released = this.#held.splice(0);
    for (const webhook of webhooks) {
      const delivery = this.#record(webhook);
      deliveries.push(delivery);
      if (!delivery.url) continue;
      if (this.#closed) {
        delivery.state = 'stopped';
        continue;
      }
      // Every die is cast for every webhook, so a seed gives the same faults whatever happens.
      const roll = (p: number | undefined) => this.#options.random() < (p ?? 0);
      const drop = roll(faults.drop);
      const duplicate = roll(faults.duplicate);
      const reorder = roll(faults.reorder);
      const corrupt = roll(faults.corruptSignature);
      const delay = Math.floor(this.#options.random() * ((faults.delayMs ?? 0) + 1));
      if (drop) {
        delivery.faults.push('drop');
        delivery.state = 'dropped';
        continue;
      }
      if (corrupt) delivery.faults.push('corrupt_signature');
      if (delay > 0) {
        delivery.faults.push('delay');
        delivery.delayMs = delay;
      }
      this.#pending++;
      const copies = [delivery];
      if (duplicate) {
        delivery.faults.push('duplicate');
        const copy = this.#record(webhook, { duplicateOf: delivery.seq, faults: ['duplicate'] });
        deliveries.push(copy);
        this.#pending++;
        copies.push(copy);
      }
      if (reorder) {
        delivery.faults.push('reorder');
        this.#held.push(...copies);
        continue;
      }
      for (const each of copies) await this.#start(each, corrupt && each === delivery);
    }
    // Webhooks held back by `reorder` go out after the ones sent since.
    for (const delivery of released)
      await this.#start(delivery, delivery.faults.includes('corrupt_signature'));
    return deliveries;
  }

  /** Resolves once no delivery is pending (held ones are sent first). */
  async settled(): Promise<void> {
    const held = this.#held.splice(0);
    for (const delivery of held) await this.#start(delivery, delivery.faults.includes('corrupt_signature'));
    if (this.#pending === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  async #start(delivery: Delivery, corrupt: boolean): Promise<void> {
    if (this.#closed) return this.#finish(delivery, 'stopped');
    if (delivery.delayMs !== undefined) {
      this.#later(() => this.#attempt(delivery, corrupt), delivery.delayMs);
      return;
    }
    await this.#attempt(delivery, corrupt);
  }

  #later(run: () => Promise<void>, ms: number): void {
    const { clock } = this.#options;
    const timer = clock.setTimeout(() => {
      this.#timers.delete(timer);
      return run();
    }, ms);
    this.#timers.add(timer);
  }

  async #attempt(delivery: Delivery, corrupt = false): Promise<void> {
    const attempt: DeliveryAttempt = { at: new Date(this.#options.clock.now()) };
    if (corrupt) attempt.corrupted = true;
    delivery.attempts.push(attempt);
    try {
      const n = delivery.attempts.length;
      const sent = corrupt
        ? this.#options.corrupt(delivery)
        : n > 1 && delivery.attemptBody
          ? await delivery.attemptBody(n)
          : delivery;
      attempt.status = await this.#post(delivery, sent);
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
    }
    if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
      this.#finish(delivery, 'delivered');
      return;
    }
    const delays = this.#options.retryDelays[delivery.provider] ?? [];
    const delay = delays[delivery.attempts.length - 1];
    if (this.#closed) return this.#finish(delivery, 'stopped');
    if (delay === undefined) return this.#finish(delivery, 'failed');
    this.#later(() => this.#attempt(delivery), delay);
  }

  #finish(delivery: Delivery, state: Delivery['state']): void {
    if (delivery.state !== 'pending') return;
    delivery.state = state;
    this.#pending--;
    if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  #post(
    delivery: OutgoingWebhook,
    sent: { body: string; headers: Record<string, string>; url?: string | undefined },
  ): Promise<number> {
    const url = new URL((sent.url ?? delivery.url)!);
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
    for (const timer of this.#timers) this.#options.clock.clearTimeout(timer);
    this.#timers.clear();
    for (const req of this.#inflight) req.destroy();
    for (const delivery of [...this.#held.splice(0), ...this.log]) {
      if (delivery.state === 'pending') this.#finish(delivery, 'stopped');
    }
  }
}
