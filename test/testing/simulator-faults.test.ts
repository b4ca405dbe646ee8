/**
 * The simulator misbehaving on purpose (drop, duplicate, reorder, delay, corrupt signatures),
 * deterministically for a seed and recorded in `sim.deliveries`, and the manual clock that runs
 * retry schedules and link expiry without waiting.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhookHandler, type WebhookProvider } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { TEST_CREDENTIALS } from 'paybridge/testing';
import {
  createManualClock,
  type Delivery,
  type SimulatorOptions,
  startSimulator,
} from 'paybridge/testing/simulator';
import { afterEach, describe, expect, it } from 'vitest';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** A receiver that records bodies and answers what `answer` says (default 200). */
async function receiver(answer: (body: string) => number = () => 200) {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      bodies.push(body);
      res.statusCode = answer(body);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}

/** A Moyasar-only simulator whose account webhook (Moyasar's are set per account) goes to `url`. */
async function simulator(url: string, options: SimulatorOptions) {
  const sim = await startSimulator({ providers: ['moyasar'], ...options, moyasar: { webhookUrl: url } });
  closers.push(() => sim.close());
  return sim;
}

/** `count` paid Moyasar invoices. */
async function payMany(sim: Awaited<ReturnType<typeof startSimulator>>, count: number) {
  const moyasar = createMoyasar({ ...sim.settings.moyasar, retry: false });
  for (let i = 0; i < count; i++) {
    const link = await moyasar.createPaymentLink({
      amount: 1000 + i,
      currency: 'SAR',
      reference: `order-${i}`,
    });
    await sim.pay(link.id);
  }
}

const faultsOf = (deliveries: readonly Delivery[]) =>
  deliveries.map((d) => `${d.seq}:${d.faults.join('+')}:${d.state}`);

describe('faults', () => {
  it('the same seed gives the same faults; another seed others', async () => {
    const faults = { drop: 0.3, duplicate: 0.3, reorder: 0.3, corruptSignature: 0.2 };
    const runs: string[][] = [];
    for (const seed of [7, 7, 8]) {
      const target = await receiver();
      const sim = await simulator(target.url, { faults, seed, retryDelays: { moyasar: [] } });
      await payMany(sim, 12);
      await sim.settled();
      runs.push(faultsOf(sim.deliveries).map((line) => line.replace(/:(delivered|failed)$/, '')));
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]).not.toEqual(runs[2]);
    expect(runs[0]!.some((line) => line.includes('drop'))).toBe(true);
  });

  it('drop: never sent, recorded as dropped', async () => {
    const target = await receiver();
    const sim = await simulator(target.url, { faults: { drop: 1 } });
    await payMany(sim, 3);
    await sim.settled();
    expect(target.bodies).toEqual([]);
    expect(sim.deliveries.map((d) => [d.state, d.faults])).toEqual([
      ['dropped', ['drop']],
      ['dropped', ['drop']],
      ['dropped', ['drop']],
    ]);
  });

  it('duplicate: a second copy of the same body, recorded with the seq it copies', async () => {
    const target = await receiver();
    const sim = await simulator(target.url, { faults: { duplicate: 1 } });
    await payMany(sim, 1);
    await sim.settled();
    expect(target.bodies).toHaveLength(2);
    expect(target.bodies[0]).toBe(target.bodies[1]);
    expect(sim.deliveries[1]).toMatchObject({ duplicateOf: 1, faults: ['duplicate'], state: 'delivered' });
  });

  it('reorder: held back and sent after the next webhook', async () => {
    const target = await receiver();
    const sim = await simulator(target.url, { faults: { reorder: 1 } });
    await payMany(sim, 2);
    // The second webhook is held too until settled() (nothing comes after it).
    expect(target.bodies.map((b) => JSON.parse(b).data.amount)).toEqual([1000]);
    await sim.settled();
    expect(target.bodies.map((b) => JSON.parse(b).data.amount)).toEqual([1000, 1001]);
    expect(sim.deliveries.every((d) => d.faults.includes('reorder'))).toBe(true);
  });

  it('corruptSignature: each adapter refuses the first attempt (401); the retry with the genuine signature passes', async () => {
    const names = ['moneyhash', 'moyasar', 'moneygo'] as const;
    const seen: Record<string, string[]> = { moneyhash: [], moyasar: [], moneygo: [] };
    const urls: Record<string, string> = {};
    // One handler per provider, listening before the simulator starts (Moyasar's webhook URL is the account's).
    const providers: Record<string, WebhookProvider | undefined> = {};
    for (const name of names) {
      let handler: ReturnType<typeof createWebhookHandler> | undefined;
      const server = createServer((req, res) => {
        handler ??= createWebhookHandler({
          provider: providers[name]!,
          confirm: 'never',
          onEvent: (event) => {
            seen[name]!.push(event.kind);
          },
        });
        void handler.node(req, res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closers.push(() => new Promise((resolve) => server.close(resolve)));
      urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    }
    const sim = await startSimulator({
      faults: { corruptSignature: 1 },
      retryDelays: { moneyhash: [5], moyasar: [5], moneygo: [5] },
      moyasar: { webhookUrl: urls['moyasar'] },
    });
    closers.push(() => sim.close());
    const adapters = {
      moneyhash: createMoneyHash({ ...sim.settings.moneyhash, retry: false }),
      moyasar: createMoyasar({ ...sim.settings.moyasar, retry: false }),
      moneygo: createMoneyGo({ ...sim.settings.moneygo, retry: false }),
    };
    for (const name of names) {
      const adapter = adapters[name];
      providers[name] = adapter as WebhookProvider;
      const link = await adapter.createPaymentLink({
        amount: 1000,
        currency: name === 'moneygo' ? 'USD' : 'SAR',
        reference: `order-${name}`,
        ...(name === 'moyasar' ? {} : { webhookUrl: urls[name] }),
        ...(name === 'moneygo'
          ? { walletFrom: TEST_CREDENTIALS.moneygo.walletFrom, userInfo: 'payer-1' }
          : {}),
      } as never);
      await sim.pay(link.id);
    }
    await sim.settled();
    for (const name of names) {
      const deliveries = sim.deliveries.filter((d) => d.provider === name && d.url === urls[name]);
      expect(deliveries.length, name).toBeGreaterThan(0);
      for (const delivery of deliveries) {
        expect(delivery.faults, name).toContain('corrupt_signature');
        expect(
          delivery.attempts.map((a) => [a.status, a.corrupted ?? false]),
          name,
        ).toEqual([
          [401, true],
          [200, false],
        ]);
      }
      // One payment, one final status: onEvent once (MoneyHash's second event is the same outcome).
      expect(seen[name], name).toEqual(['payment']);
    }
  });
});

describe('the manual clock', () => {
  it('runs a retry schedule of hours at once, in order', async () => {
    const clock = createManualClock();
    let failures = 3;
    const target = await receiver(() => (failures-- > 0 ? 500 : 200));
    // Moyasar's documented schedule: 1 min, 10 min, 30 min, 1 h, 2 h (here in real milliseconds of the clock).
    const sim = await simulator(target.url, {
      clock,
      retryDelays: { moyasar: [60_000, 600_000, 1_800_000, 3_600_000] },
    });
    await payMany(sim, 1);
    expect(target.bodies).toHaveLength(1);
    await clock.advance(59_999);
    expect(target.bodies).toHaveLength(1);
    await clock.advance(1);
    expect(target.bodies).toHaveLength(2);
    await clock.advance(2 * 3_600_000);
    expect(target.bodies).toHaveLength(4);
    const attempts = sim.deliveries[0]!.attempts;
    expect(attempts.map((a) => a.status)).toEqual([500, 500, 500, 200]);
    // Each attempt is stamped with the clock's time: 0, +1 min, +11 min, +41 min.
    const start = attempts[0]!.at.getTime();
    expect(attempts.map((a) => (a.at.getTime() - start) / 60_000)).toEqual([0, 1, 11, 41]);
    expect(sim.deliveries[0]!.state).toBe('delivered');
  });

  it('delayMs: the first attempt waits on the clock', async () => {
    const clock = createManualClock();
    const target = await receiver();
    const sim = await simulator(target.url, { clock, faults: { delayMs: 5_000 }, seed: 3 });
    await payMany(sim, 1);
    const delay = sim.deliveries[0]!.delayMs!;
    expect(delay).toBeGreaterThan(0);
    expect(target.bodies).toHaveLength(0);
    await clock.advance(delay);
    expect(target.bodies).toHaveLength(1);
    expect(sim.deliveries[0]!.faults).toEqual(['delay']);
  });

  it('a link with an expiry expires when the clock reaches it, with the webhook the provider sends', async () => {
    // Near real time: the adapter turns expiresAt into seconds from now by the real clock.
    const clock = createManualClock(Date.now());
    const target = await receiver();
    const sim = await startSimulator({ providers: ['moneyhash'], clock });
    closers.push(() => sim.close());
    const moneyhash = createMoneyHash({ ...sim.settings.moneyhash, retry: false });
    const link = await moneyhash.createPaymentLink({
      amount: 1000,
      currency: 'USD',
      reference: 'order-exp',
      webhookUrl: target.url,
      expiresAt: new Date(clock.now() + 3_600_000),
    });
    expect(sim.link(link.id)?.open).toBe(true);
    await clock.advance(3_590_000);
    expect(sim.link(link.id)?.open).toBe(true);
    await clock.advance(20_000);
    expect(sim.link(link.id)?.open).toBe(false);
    expect((await moneyhash.getPayment(link.id)).status).toBe('expired');
    expect(target.bodies.map((b) => JSON.parse(b).type)).toEqual(['intent.time_expired']);
  });
});
