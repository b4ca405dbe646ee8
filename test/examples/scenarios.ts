/**
 * The webhook scenarios every example must pass, over real HTTP on a loopback port: a valid event,
 * a duplicate, 20 concurrent copies, forged bodies, and a failing onEvent followed by the retry.
 */
import type { SignedWebhook } from 'paybridge/testing';
import { expect, it } from 'vitest';
import { type Answer, deferred, post, sleep } from '../helpers/http';

/** The examples' `fulfil` hook, recorded; `failNext()` makes the next call throw (after recording it). */
export interface Fulfilment {
  readonly calls: string[];
  fulfil(reference: string): Promise<void>;
  failNext(): void;
  /** The next call waits for `until` before it finishes. */
  holdNext(until: Promise<void>): void;
  /** The calls for one reference. */
  callsFor(reference: string): string[];
}

export function createFulfilment(): Fulfilment {
  const calls: string[] = [];
  let failures = 0;
  let hold: Promise<void> | undefined;
  return {
    calls,
    async fulfil(reference) {
      calls.push(reference);
      const until = hold;
      hold = undefined;
      // A little real work, so that concurrent copies overlap with the one being processed.
      await (until ?? sleep(5));
      if (failures > 0) {
        failures--;
        throw new Error('the warehouse is unavailable');
      }
    },
    failNext() {
      failures++;
    },
    holdNext(until) {
      hold = until;
    },
    callsFor: (reference) => calls.filter((call) => call === reference),
  };
}

export interface RunningExample {
  /** The webhook endpoint. */
  url: string;
  fulfilment: Fulfilment;
  /** A signed webhook telling that order `reference` was paid. */
  paid(reference: string): Promise<SignedWebhook>;
  /** Forged webhooks about order `reference`, by what is wrong with them. */
  forged(reference: string): Promise<Record<string, SignedWebhook>>;
  /** The order's status as the example recorded it (undefined: nothing recorded). */
  orderStatus(reference: string): Promise<string | undefined>;
}

let counter = 0;
/** A reference no other test uses. */
export const newReference = (prefix = 'order') => `${prefix}-${Date.now().toString(36)}-${++counter}`;

/** Changes the character right after the first `marker` in `text` (a one-byte tampering). */
export function tamperAfter(text: string, marker: string): string {
  const at = text.indexOf(marker) + marker.length;
  if (at < marker.length || at >= text.length) throw new Error(`marker ${marker} not found`);
  const replacement = text[at] === '1' ? '2' : '1';
  return text.slice(0, at) + replacement + text.slice(at + 1);
}

/** Posts until the answer is not a retryable 503 (bounded: 200 tries, 10 ms apart). */
export async function deliverUntilSettled(url: string, webhook: SignedWebhook): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let attempt = 0; attempt < 200; attempt++) {
    const answer = await post(url, webhook.body, webhook.headers);
    answers.push(answer);
    if (answer.status !== 503) return answers;
    expect(answer.headers.get('retry-after')).toBeTruthy();
    await sleep(10);
  }
  return answers;
}

const processed = { received: true };
const duplicate = { received: true, duplicate: true };

/** Registers the shared scenarios; `example()` returns the example started in `beforeAll`. */
export function webhookScenarios(example: () => RunningExample): void {
  it('a valid event: 200, onEvent runs once and the order is recorded', async () => {
    const { url, paid, fulfilment, orderStatus } = example();
    const reference = newReference();
    const webhook = await paid(reference);
    const answer = await post(url, webhook.body, webhook.headers);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual(processed);
    expect(fulfilment.callsFor(reference)).toEqual([reference]);
    expect(await orderStatus(reference)).toBe('succeeded');
  });

  it('the same event again: 200 { duplicate: true } without running onEvent', async () => {
    const { url, paid, fulfilment } = example();
    const reference = newReference();
    const webhook = await paid(reference);
    const first = await post(url, webhook.body, webhook.headers);
    const second = await post(url, webhook.body, webhook.headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.json).toEqual(processed);
    expect(second.json).toEqual(duplicate);
    expect(fulfilment.callsFor(reference)).toHaveLength(1);
  });

  it('20 concurrent copies: onEvent runs once; the copies that overlap it get a retryable 503, whose retries get 200', async () => {
    const { url, paid, fulfilment, orderStatus } = example();
    const reference = newReference();
    const webhook = await paid(reference);
    // The copy that wins the claim is held inside onEvent until the 19 others have been answered
    // (or 10 s have passed, so a wrong implementation fails on the assertions instead of hanging).
    const release = deferred();
    const safety = setTimeout(() => release.resolve(), 10_000);
    fulfilment.holdNext(release.promise);
    let answered = 0;
    const first = await Promise.all(
      Array.from({ length: 20 }, () =>
        post(url, webhook.body, webhook.headers).then((answer) => {
          if (++answered === 19) release.resolve();
          return answer;
        }),
      ),
    );
    clearTimeout(safety);
    expect(first.filter((a) => a.status === 200).map((a) => a.json)).toEqual([processed]);
    const busy = first.filter((a) => a.status !== 200);
    expect(busy.map((a) => [a.status, a.json['error']])).toEqual(Array(19).fill([503, 'in_flight']));
    // The provider retries each 503: every retry is answered 200 duplicate, onEvent does not run again.
    const retries = await Promise.all(busy.map(() => deliverUntilSettled(url, webhook)));
    expect(retries.map((r) => r.at(-1)!.json)).toEqual(Array(19).fill(duplicate));
    expect(fulfilment.callsFor(reference)).toEqual([reference]);
    expect(await orderStatus(reference)).toBe('succeeded');
  });

  it('forged bodies (a tampered byte, a wrong secret): 401, onEvent not run; the genuine event is then processed', async () => {
    const { url, paid, forged, fulfilment, orderStatus } = example();
    const reference = newReference();
    const fakes = await forged(reference);
    expect(Object.keys(fakes).length).toBeGreaterThanOrEqual(2);
    for (const [what, webhook] of Object.entries(fakes)) {
      const answer = await post(url, webhook.body, webhook.headers);
      expect({ what, status: answer.status, error: answer.json['error'] }).toEqual({
        what,
        status: 401,
        error: 'verification_failed',
      });
    }
    expect(fulfilment.callsFor(reference)).toEqual([]);
    expect(await orderStatus(reference)).toBeUndefined();
    const genuine = await paid(reference);
    expect((await post(url, genuine.body, genuine.headers)).json).toEqual(processed);
    expect(fulfilment.callsFor(reference)).toEqual([reference]);
  });

  it('onEvent fails once: 500 and nothing recorded; the retry is processed (200, not a duplicate)', async () => {
    const { url, paid, fulfilment, orderStatus } = example();
    const reference = newReference();
    const webhook = await paid(reference);
    fulfilment.failNext();
    const failed = await post(url, webhook.body, webhook.headers);
    expect(failed.status).toBe(500);
    expect(failed.json['error']).toBe('handler_failed');
    expect(await orderStatus(reference)).toBeUndefined();
    const retried = await post(url, webhook.body, webhook.headers);
    expect(retried.status).toBe(200);
    expect(retried.json).toEqual(processed);
    expect(fulfilment.callsFor(reference)).toEqual([reference, reference]);
    expect(await orderStatus(reference)).toBe('succeeded');
  });
}

/** Reads an example's GET /orders/:reference (404 → undefined). */
export async function fetchOrderStatus(baseUrl: string, reference: string): Promise<string | undefined> {
  const response = await fetch(`${baseUrl}/orders/${encodeURIComponent(reference)}`, {
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 404) return undefined;
  expect(response.status).toBe(200);
  return ((await response.json()) as { status: string }).status;
}
