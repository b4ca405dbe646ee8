/**
 * The event handed to onEvent is the adapter's event plus the handler's facts (`source`,
 * `confirmed`, `confirmation`, `stale`, `tenant`): the same own keys, in the same order, as
 * `{ ...event, ...facts }`, however the handler builds it. Keys are defined, never assigned: a setter
 * on `Object.prototype` (one that throws, or one that swallows the value) must not decide them.
 */
import { createWebhookHandler, type UnknownEvent, type WebhookProvider } from 'paybridge';
import { afterEach, describe, expect, it } from 'vitest';

type Event = UnknownEvent<'custom'> & Record<string, unknown>;

/** A custom adapter that hands over `event` as it is. */
function adapterOf(event: Event): WebhookProvider<Event> {
  return { name: 'custom', parseWebhook: async () => event };
}

async function deliver(event: Event): Promise<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = [];
  const handler = createWebhookHandler<Event>({
    provider: adapterOf(event),
    onEvent: (delivered) => {
      seen.push(delivered as unknown as Record<string, unknown>);
    },
  });
  const result = await handler.handle({ body: '{}', headers: {} });
  expect(result.status).toBe(200);
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

const FACTS = ['source', 'confirmed', 'confirmation', 'stale', 'tenant'];

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>)['paybridgeTrap'];
});

describe('the delivered event', () => {
  it("keeps the event's own keys in order, then the facts; an own `source` is replaced where it stands", async () => {
    const event: Event = {
      provider: 'custom',
      kind: 'unknown',
      id: 'e1',
      type: 't',
      raw: {},
      source: 'x',
      z: 1,
    };
    const delivered = await deliver(event);
    expect(Object.keys(delivered)).toEqual([
      'provider',
      'kind',
      'id',
      'type',
      'raw',
      'source',
      'z',
      ...FACTS.filter((k) => k !== 'source'),
    ]);
    expect(delivered['source']).toBe('webhook');
    expect(Object.getPrototypeOf(delivered)).toBe(Object.prototype);
  });

  it('defines a key that assignment could not (a setter on Object.prototype that throws for it)', async () => {
    Object.defineProperty(Object.prototype, 'paybridgeTrap', {
      configurable: true,
      set() {
        throw new TypeError('assignment refused');
      },
    });
    const event: Event = {
      provider: 'custom',
      kind: 'unknown',
      id: 'e2',
      type: 't',
      raw: {},
      paybridgeTrap: 7,
    };
    const delivered = await deliver(event);
    expect(Object.getOwnPropertyDescriptor(delivered, 'paybridgeTrap')?.value).toBe(7);
    expect(delivered['stale']).toBe(false);
  });

  it('defines a key that a silent setter on Object.prototype would have swallowed', async () => {
    let swallowed = 0;
    Object.defineProperty(Object.prototype, 'paybridgeTrap', {
      configurable: true,
      set() {
        swallowed++;
      },
    });
    const event: Event = { provider: 'custom', kind: 'unknown', id: 'e3', type: 't', raw: {} };
    Object.defineProperty(event, 'paybridgeTrap', { value: 'kept', enumerable: true });
    const delivered = await deliver(event);
    expect(Object.getOwnPropertyDescriptor(delivered, 'paybridgeTrap')?.value).toBe('kept');
    expect(swallowed).toBe(0);
  });

  it("defines the facts too, whatever Object.prototype's setters for them do", async () => {
    const swallowed: string[] = [];
    try {
      for (const fact of FACTS) {
        Object.defineProperty(Object.prototype, fact, {
          configurable: true,
          set() {
            swallowed.push(fact);
          },
        });
      }
      const delivered = await deliver({ provider: 'custom', kind: 'unknown', id: 'e4', type: 't', raw: {} });
      for (const fact of FACTS) expect(Object.hasOwn(delivered, fact)).toBe(true);
      expect(delivered['source']).toBe('webhook');
      expect(delivered['stale']).toBe(false);
      expect(swallowed).toEqual([]);
    } finally {
      for (const fact of FACTS) delete (Object.prototype as Record<string, unknown>)[fact];
    }
  });

  it("releases the claim when copying the event throws (a custom adapter's getter), so the retry is processed", async () => {
    const good: Event = { provider: 'custom', kind: 'unknown', id: 'e5', type: 't', raw: {} };
    const bad: Event = { ...good };
    Object.defineProperty(bad, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter failed');
      },
    });
    let next: Event = bad;
    const processed: string[] = [];
    const handler = createWebhookHandler<Event>({
      provider: { name: 'custom', parseWebhook: async () => next },
      onEvent: (event) => {
        processed.push(event.id);
      },
    });
    const first = await handler.handle({ body: '{}', headers: {} });
    expect(first.status).toBe(500);
    expect(first.body).toMatchObject({ error: 'internal_error' });
    expect(processed).toEqual([]);
    next = good;
    const retry = await handler.handle({ body: '{}', headers: {} });
    expect(retry.status).toBe(200);
    expect(processed).toEqual(['e5']);
  });
});
