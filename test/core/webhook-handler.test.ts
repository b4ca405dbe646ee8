import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import {
  ConfigurationError,
  createMemoryStore,
  createWebhookHandler,
  type NodeResponseLike,
  type PaymentEvent,
  type WebhookErrorContext,
  type WebhookHandlerOptions,
  WebhookParseError,
  type WebhookStore,
  WebhookStoreError,
  WebhookVerificationError,
} from 'paybridge';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeProvider, FAKE_SECRET, SIGNATURE_HEADER, signedWebhook } from '../helpers/fake-provider';
import { type Answer, deferred, post, postChunked, startServer, waitFor } from '../helpers/http';

type FakeEvent = PaymentEvent<'fake'>;
type Options = Partial<WebhookHandlerOptions<FakeEvent>>;

interface Harness {
  send(body: BodyInit, headers: Record<string, string>): Promise<Answer>;
  /** Every onEvent call, in order. */
  calls: FakeEvent[];
  errors: Array<{ error: unknown; context: WebhookErrorContext<FakeEvent> }>;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const transports = ['fetch', 'node'] as const;
type Transport = (typeof transports)[number];

/** A handler with the fake provider, reached through `fetch(Request)` or a real node:http server. */
async function harness(transport: Transport, options: Options = {}): Promise<Harness> {
  const calls: FakeEvent[] = [];
  const errors: Harness['errors'] = [];
  const handler = createWebhookHandler<FakeEvent>({
    provider: createFakeProvider(),
    onEvent: (event) => {
      calls.push(event);
    },
    onError: (error, context) => {
      errors.push({ error, context });
    },
    ...options,
  });
  if (transport === 'fetch') {
    return {
      calls,
      errors,
      async send(body, headers) {
        const response = await handler.fetch(
          new Request('http://paybridge.test/webhooks', { method: 'POST', body, headers }),
        );
        return {
          status: response.status,
          json: (await response.json()) as Record<string, unknown>,
          headers: response.headers,
        };
      },
    };
  }
  const server = await startServer((req, res) => handler.node(req, res));
  closers.push(server.close);
  return { calls, errors, send: (body, headers) => post(`${server.url}/webhooks`, body, headers) };
}

/** Calls onEvent's wrapper: counts calls and runs `impl` for each. */
function counting(impl: (event: FakeEvent, n: number) => unknown = () => {}) {
  const calls: FakeEvent[] = [];
  return {
    calls,
    onEvent: (event: FakeEvent) => {
      calls.push(event);
      return impl(event, calls.length);
    },
  };
}

describe.each(transports)('createWebhookHandler via %s', (transport) => {
  it('processes a verified event once: 200, onEvent gets the parsed event', async () => {
    const h = await harness(transport);
    const delivery = await signedWebhook('evt_1', { paymentId: 'pay_42' });
    const answer = await h.send(delivery.body, delivery.headers);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ received: true });
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ kind: 'payment', provider: 'fake', id: 'evt_1', paymentId: 'pay_42' });
    expect(h.errors).toEqual([]);
  });

  it('answers a duplicate of a processed event 200 { duplicate: true } without calling onEvent', async () => {
    const h = await harness(transport);
    const delivery = await signedWebhook('evt_dup');
    expect((await h.send(delivery.body, delivery.headers)).status).toBe(200);
    const again = await h.send(delivery.body, delivery.headers);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ received: true, duplicate: true });
    expect(h.calls).toHaveLength(1);
  });

  it('answers a forged body 401 and does not call onEvent', async () => {
    const h = await harness(transport);
    const genuine = await signedWebhook('evt_forged', { amount: 100 });
    const forgedBody = genuine.body.replace('100', '100000');
    const answer = await h.send(forgedBody, genuine.headers);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'verification_failed', reason: 'bad_signature' });
    expect(h.calls).toEqual([]);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]!.error).toBeInstanceOf(WebhookVerificationError);
    expect(h.errors[0]!.context).toMatchObject({ status: 401, code: 'verification_failed' });
    // Nothing secret or received is echoed.
    const text = JSON.stringify(answer.json);
    expect(text).not.toContain(FAKE_SECRET);
    expect(text).not.toContain(genuine.headers[SIGNATURE_HEADER]);
  });

  it('answers a missing signature 401 (reason missing_signature)', async () => {
    const h = await harness(transport);
    const answer = await h.send(JSON.stringify({ id: 'evt_unsigned' }), {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: 'verification_failed', reason: 'missing_signature' });
    expect(h.calls).toEqual([]);
  });

  it('answers an unreadable (signed, not JSON) body 400 and does not call onEvent', async () => {
    const h = await harness(transport);
    const { hmacSha256Hex } = await import('../../src/core/crypto');
    const body = 'not json at all';
    const answer = await h.send(body, { [SIGNATURE_HEADER]: await hmacSha256Hex(FAKE_SECRET, body) });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_body', reason: 'not_json' });
    expect(h.calls).toEqual([]);
    expect(h.errors[0]!.error).toBeInstanceOf(WebhookParseError);
  });

  it('answers an empty body 400, with how each framework hands over the raw body', async () => {
    const h = await harness(transport);
    const answer = await h.send('', { [SIGNATURE_HEADER]: 'abc' });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_body', reason: 'empty_body' });
    expect(answer.json['message']).toContain('The webhook body is empty.');
    expect(answer.json['message']).toContain('{ rawBody: true }');
  });

  it('answers 500 when onEvent throws, releases the claim, and processes the retry', async () => {
    const { calls, onEvent } = counting((_, n) => {
      if (n === 1) throw new Error('database down; password=hunter2-secret');
    });
    const h = await harness(transport, { onEvent });
    const delivery = await signedWebhook('evt_retry');
    const first = await h.send(delivery.body, delivery.headers);
    expect(first.status).toBe(500);
    expect(first.json).toMatchObject({ error: 'handler_failed' });
    expect(JSON.stringify(first.json)).not.toContain('hunter2');
    expect(h.errors[0]!.context).toMatchObject({
      status: 500,
      code: 'handler_failed',
      key: 'fake:evt_retry',
    });
    const retry = await h.send(delivery.body, delivery.headers);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual({ received: true });
    const third = await h.send(delivery.body, delivery.headers);
    expect(third.json).toEqual({ received: true, duplicate: true });
    expect(calls.map((e) => e.id)).toEqual(['evt_retry', 'evt_retry']);
  });

  it('answers 503 in_flight (with retry-after) while another request holds the event, 200 after', async () => {
    const gate = deferred();
    const { calls, onEvent } = counting(() => gate.promise);
    const h = await harness(transport, { onEvent });
    const delivery = await signedWebhook('evt_busy');
    const first = h.send(delivery.body, delivery.headers);
    await waitFor(() => calls.length === 1, 'onEvent to start');
    const second = await h.send(delivery.body, delivery.headers);
    expect(second.status).toBe(503);
    expect(second.json).toMatchObject({ error: 'in_flight' });
    expect(second.headers.get('retry-after')).toBe('10');
    expect(h.errors.map((e) => e.context.code)).toEqual(['in_flight']);
    gate.resolve();
    expect((await first).status).toBe(200);
    const retried = await h.send(delivery.body, delivery.headers);
    expect(retried.json).toEqual({ received: true, duplicate: true });
    expect(calls).toHaveLength(1);
  });

  it('answers 503 store_unavailable when the store cannot claim, and does not call onEvent', async () => {
    const store: WebhookStore = {
      claim: async () => {
        throw new WebhookStoreError('claim', 'Redis is unavailable (claim failed).');
      },
      markProcessed: async () => {},
      release: async () => {},
    };
    const h = await harness(transport, { store });
    const delivery = await signedWebhook('evt_nostore');
    const answer = await h.send(delivery.body, delivery.headers);
    expect(answer.status).toBe(503);
    expect(answer.json).toMatchObject({ error: 'store_unavailable' });
    expect(answer.headers.get('retry-after')).toBe('10');
    expect(h.calls).toEqual([]);
    expect(h.errors[0]!.error).toBeInstanceOf(WebhookStoreError);
  });

  it('answers 413 when the declared content-length is over maxBodyBytes', async () => {
    const h = await harness(transport, { maxBodyBytes: 64 });
    const delivery = await signedWebhook('evt_big', { pad: 'x'.repeat(200) });
    const answer = await h.send(delivery.body, delivery.headers);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: 'body_too_large' });
    expect(h.calls).toEqual([]);
    expect(h.errors[0]!.context.status).toBe(413);
  });

  it('never lets a throwing or rejecting onError change the answer', async () => {
    for (const onError of [
      () => {
        throw new Error('logger broke');
      },
      () => Promise.reject(new Error('async logger broke')),
    ]) {
      const h = await harness(transport, { onError });
      const genuine = await signedWebhook('evt_log');
      const answer = await h.send(`${genuine.body} `, genuine.headers);
      expect(answer.status).toBe(401);
    }
  });
});

describe('createWebhookHandler: 20 concurrent copies of one event', () => {
  /** Retries every non-2xx answer (as a provider would), a bounded number of times. */
  async function retryUntilOk(send: () => Promise<Answer>, first: Answer): Promise<Answer> {
    let answer = first;
    for (let attempt = 0; answer.status !== 200 && attempt < 200; attempt++) {
      await new Promise((r) => setTimeout(r, 5));
      answer = await send();
    }
    return answer;
  }

  it.each(transports)(
    'via %s: onEvent runs once; the rest are 200 or 503, and 200 once retried',
    async (transport) => {
      const { calls, onEvent } = counting(() => new Promise((r) => setTimeout(r, 20)));
      const h = await harness(transport, { onEvent });
      const delivery = await signedWebhook('evt_storm');
      const send = () => h.send(delivery.body, delivery.headers);
      const answers = await Promise.all(Array.from({ length: 20 }, send));
      for (const answer of answers) {
        expect([200, 503]).toContain(answer.status);
        if (answer.status === 503) expect(answer.json).toMatchObject({ error: 'in_flight' });
      }
      const final = await Promise.all(answers.map((a) => retryUntilOk(send, a)));
      expect(final.every((a) => a.status === 200)).toBe(true);
      expect(calls).toHaveLength(1);
    },
  );

  it('while the first copy is still in onEvent, all 19 others are answered 503 in_flight', async () => {
    let inFlightAnswers = 0;
    const allAnswered = deferred();
    const { calls, onEvent } = counting(() => allAnswered.promise);
    const h = await harness('node', {
      onEvent,
      onError: (_, context) => {
        if (context.code === 'in_flight' && ++inFlightAnswers === 19) allAnswered.resolve();
      },
    });
    const delivery = await signedWebhook('evt_gate');
    const send = () => h.send(delivery.body, delivery.headers);
    const answers = await Promise.all(Array.from({ length: 20 }, send));
    expect(answers.map((a) => a.status).sort()).toEqual([200, ...Array(19).fill(503)]);
    const retried = await Promise.all(answers.filter((a) => a.status !== 200).map(() => send()));
    expect(retried.map((a) => a.json)).toEqual(Array(19).fill({ received: true, duplicate: true }));
    expect(calls).toHaveLength(1);
  });
});

describe('createWebhookHandler: node() body sources', () => {
  async function nodeServer(prepare: (req: IncomingMessage & { body?: unknown }) => Promise<void>) {
    const { calls, onEvent } = counting();
    const handler = createWebhookHandler<FakeEvent>({
      provider: createFakeProvider(),
      onEvent,
      maxBodyBytes: 256,
    });
    const server = await startServer(async (req, res) => {
      await prepare(req);
      await handler.node(req, res);
    });
    closers.push(server.close);
    return { calls, url: `${server.url}/webhooks` };
  }

  async function readAll(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  it('uses req.body when a framework already holds it as a Buffer', async () => {
    const s = await nodeServer(async (req) => {
      req.body = await readAll(req);
    });
    const delivery = await signedWebhook('evt_buffer');
    expect((await post(s.url, delivery.body, delivery.headers)).status).toBe(200);
    expect(s.calls.map((e) => e.id)).toEqual(['evt_buffer']);
  });

  it('uses req.body when a framework already holds it as a string', async () => {
    const s = await nodeServer(async (req) => {
      req.body = (await readAll(req)).toString('utf8');
    });
    const delivery = await signedWebhook('evt_string', { name: 'Zoë ☕' });
    expect((await post(s.url, delivery.body, delivery.headers)).status).toBe(200);
    expect(s.calls.map((e) => e.id)).toEqual(['evt_string']);
  });

  it('refuses a body already parsed into an object with 400 and the fix', async () => {
    const s = await nodeServer(async (req) => {
      req.body = JSON.parse((await readAll(req)).toString('utf8'));
    });
    const delivery = await signedWebhook('evt_parsed');
    const answer = await post(s.url, delivery.body, delivery.headers);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_body', reason: 'parsed_body' });
    expect(answer.json['message']).toContain('express.raw({ type: "*/*" })');
    expect(s.calls).toEqual([]);
  });

  it('refuses a stream another body parser already consumed with 400 and the fix', async () => {
    const s = await nodeServer(async (req) => {
      await readAll(req);
    });
    const delivery = await signedWebhook('evt_consumed');
    const answer = await post(s.url, delivery.body, delivery.headers);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ reason: 'parsed_body' });
    expect(answer.json['message']).toContain('already consumed');
  });

  it('answers 413 to a Buffer req.body over maxBodyBytes', async () => {
    const s = await nodeServer(async (req) => {
      req.body = await readAll(req);
    });
    const delivery = await signedWebhook('evt_bigbuf', { pad: 'y'.repeat(500) });
    const answer = await post(s.url, delivery.body, delivery.headers);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: 'body_too_large', reason: 'body_too_large' });
  });

  it('answers 413 to a chunked upload (no content-length) that streams past the limit', async () => {
    const s = await nodeServer(async () => {});
    const delivery = await signedWebhook('evt_stream');
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    const answer = await postChunked(s.url, delivery.headers, Array(64).fill(chunk));
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({ error: 'body_too_large' });
    expect(s.calls).toEqual([]);
  });

  it('reads a chunked upload within the limit', async () => {
    const s = await nodeServer(async () => {});
    const delivery = await signedWebhook('evt_chunks');
    const bytes = new TextEncoder().encode(delivery.body);
    const answer = await postChunked(s.url, delivery.headers, [bytes.subarray(0, 5), bytes.subarray(5)]);
    expect(answer.status).toBe(200);
    expect(s.calls.map((e) => e.id)).toEqual(['evt_chunks']);
  });
});

describe('createWebhookHandler: body limit enforced while reading', () => {
  function fakeResponse() {
    const res: NodeResponseLike & { headers: Record<string, string>; body?: string; ended: Promise<void> } = {
      statusCode: 0,
      headers: {},
      headersSent: false,
      setHeader(name, value) {
        this.headers[name] = value;
      },
      end(body) {
        this.body = body;
        done.resolve();
      },
      ended: Promise.resolve(),
    };
    const done = deferred();
    res.ended = done.promise;
    return res;
  }

  it('node(): stops buffering past the limit; 413 goes out after a bounded number of chunks', async () => {
    let pulled = 0;
    let pulledWhenAnswered = -1;
    const chunk = Buffer.alloc(1024, 0x20);
    // 4 MiB on offer, produced lazily; the limit is 4 KiB.
    const req = Object.assign(
      new Readable({
        read() {
          this.push(pulled++ < 4096 ? chunk : null);
        },
      }),
      { headers: { [SIGNATURE_HEADER]: 'ab' } },
    );
    const { calls, onEvent } = counting();
    const handler = createWebhookHandler<FakeEvent>({
      provider: createFakeProvider(),
      onEvent,
      maxBodyBytes: 4096,
    });
    const res = fakeResponse();
    const originalEnd = res.end.bind(res);
    res.end = (body) => {
      pulledWhenAnswered = pulled;
      return originalEnd(body);
    };
    await handler.node(req, res);
    await res.ended;
    expect(res.statusCode).toBe(413);
    expect(res.headers['connection']).toBe('close');
    expect(JSON.parse(res.body!)).toMatchObject({ error: 'body_too_large' });
    // Past the limit by one chunk, plus what the stream read ahead (its buffer): far from the 4096 on offer.
    expect(pulledWhenAnswered).toBeGreaterThan(4);
    expect(pulledWhenAnswered).toBeLessThan(128);
    expect(calls).toEqual([]);
    // After the answer the rest is drained (discarded), so a real client can read the 413.
    await waitFor(() => req.readableEnded, 'the upload to be drained');
    expect(pulled).toBe(4097);
  });

  it('fetch(): cancels a streaming body past the limit and answers 413', async () => {
    let pulled = 0;
    let canceled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
        if (pulled > 10_000) controller.close();
      },
      cancel() {
        canceled = true;
      },
    });
    const { calls, onEvent } = counting();
    const handler = createWebhookHandler<FakeEvent>({
      provider: createFakeProvider(),
      onEvent,
      maxBodyBytes: 4096,
    });
    const request = new Request('http://paybridge.test/webhooks', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handler.fetch(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'body_too_large' });
    expect(canceled).toBe(true);
    expect(pulled).toBeLessThan(32);
    expect(calls).toEqual([]);
  });

  it('fetch(): a body that fails mid-read is answered 400', async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const errors: unknown[] = [];
    const handler = createWebhookHandler<FakeEvent>({
      provider: createFakeProvider(),
      onEvent: () => {},
      onError: (error) => errors.push(error),
    });
    const response = await handler.fetch(
      new Request('http://paybridge.test/webhooks', {
        method: 'POST',
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_body', reason: 'unreadable' });
    expect(String(errors[0])).toContain('connection reset');
  });

  it('node(): a request stream that errors is answered 400', async () => {
    const req = Object.assign(
      new Readable({
        read() {
          this.destroy(new Error('socket hang up'));
        },
      }),
      { headers: {} },
    );
    const handler = createWebhookHandler<FakeEvent>({ provider: createFakeProvider(), onEvent: () => {} });
    const res = fakeResponse();
    await handler.node(req, res);
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body!)).toMatchObject({ reason: 'unreadable' });
  });

  it('node(): leaves a response alone when something already sent it', async () => {
    const handler = createWebhookHandler<FakeEvent>({ provider: createFakeProvider(), onEvent: () => {} });
    const res = { ...fakeResponse(), headersSent: true };
    const delivery = await signedWebhook('evt_sent');
    await handler.node(
      { ...Readable.from([]), headers: delivery.headers, body: delivery.body } as never,
      res,
    );
    expect(res.statusCode).toBe(0);
    expect(res.body).toBeUndefined();
  });
});

describe('createWebhookHandler: handle() and edge cases', () => {
  it('handle() returns the status, headers, body and verified event', async () => {
    const { calls, onEvent } = counting();
    const handler = createWebhookHandler<FakeEvent>({ provider: createFakeProvider(), onEvent });
    const delivery = await signedWebhook('evt_handle');
    const result = await handler.handle({ body: Buffer.from(delivery.body), headers: delivery.headers });
    expect(result).toMatchObject({ status: 200, body: { received: true }, event: { id: 'evt_handle' } });
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    expect(calls[0]!.id).toBe('evt_handle');
  });

  it('passes the dedupe key provider:eventId to onEvent and keeps providers apart', async () => {
    const store = createMemoryStore();
    const keys: string[] = [];
    const make = (name: string) =>
      createWebhookHandler({
        provider: { name, parseWebhook: createFakeProvider().parseWebhook },
        store,
        onEvent: (_event, { key }) => {
          keys.push(key);
        },
      });
    const delivery = await signedWebhook('evt_same');
    expect((await make('alpha').handle(delivery)).status).toBe(200);
    expect((await make('beta').handle(delivery)).status).toBe(200);
    expect((await make('alpha').handle(delivery)).body).toEqual({ received: true, duplicate: true });
    expect(keys).toEqual(['alpha:evt_same', 'beta:evt_same']);
  });

  it('answers 500 internal_error when parseWebhook throws something that is not a paybridge error', async () => {
    const errors: WebhookErrorContext[] = [];
    const handler = createWebhookHandler({
      provider: {
        name: 'broken',
        parseWebhook: async () => {
          throw new TypeError('bug in adapter');
        },
      },
      onEvent: () => {},
      onError: (_, context) => errors.push(context),
    });
    const result = await handler.handle({ body: '{}' });
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'internal_error' });
    expect(errors).toMatchObject([{ status: 500, code: 'internal_error' }]);
  });

  it('answers 500 when the adapter returns an event without an id (never dedupes on an empty key)', async () => {
    const onEvent = () => {};
    const handler = createWebhookHandler({ provider: createFakeProvider(), onEvent });
    const delivery = await signedWebhook('');
    const result = await handler.handle(delivery);
    expect(result.status).toBe(500);
    expect(result.body).toMatchObject({ error: 'internal_error' });
  });

  it('answers 200 when onEvent succeeded but markProcessed failed, and reports it to onError', async () => {
    const memory = createMemoryStore();
    const store: WebhookStore = {
      claim: (key, ttl, token) => memory.claim(key, ttl, token),
      markProcessed: async () => {
        throw new WebhookStoreError('markProcessed', 'Redis is unavailable (markProcessed failed).');
      },
      release: (key, token) => memory.release(key, token),
    };
    const errors: WebhookErrorContext[] = [];
    const { calls, onEvent } = counting();
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      store,
      onEvent,
      onError: (_, context) => errors.push(context),
    });
    const delivery = await signedWebhook('evt_mark');
    const result = await handler.handle(delivery);
    expect(result.status).toBe(200);
    // Both keys the event held are reported: its own and its payment's outcome (a final status).
    expect(errors).toMatchObject([
      { status: 200, code: 'store_unavailable', key: 'fake:evt_mark' },
      { status: 200, code: 'store_unavailable', key: '=fake:pay_evt_mark:succeeded' },
    ]);
    // The claim stays until its TTL: a concurrent copy is kept out.
    expect((await handler.handle(delivery)).status).toBe(503);
    expect(calls).toHaveLength(1);
  });

  it('answers 500 when onEvent throws and the release fails too, reporting both', async () => {
    const memory = createMemoryStore();
    const store: WebhookStore = {
      claim: (key, ttl, token) => memory.claim(key, ttl, token),
      markProcessed: (key, ttl) => memory.markProcessed(key, ttl),
      release: async () => {
        throw new WebhookStoreError('release', 'Redis is unavailable (release failed).');
      },
    };
    const errors: WebhookErrorContext[] = [];
    const handler = createWebhookHandler({
      provider: createFakeProvider(),
      store,
      onEvent: () => {
        throw new Error('boom');
      },
      onError: (_, context) => errors.push(context),
    });
    const result = await handler.handle(await signedWebhook('evt_rel'));
    expect(result.status).toBe(500);
    // One failed release per key held (the event's and its outcome's), then the handler's failure.
    expect(errors.map((e) => e.code)).toEqual(['store_unavailable', 'store_unavailable', 'handler_failed']);
  });

  it('passes parseOptions and maxBodyBytes to parseWebhook', async () => {
    const seen: unknown[] = [];
    const now = new Date('2030-01-01T00:00:00Z');
    const handler = createWebhookHandler({
      provider: {
        name: 'spy',
        parseWebhook: async (_input, options) => {
          seen.push(options);
          throw new WebhookVerificationError('timestamp_too_old', 'old');
        },
      },
      onEvent: () => {},
      maxBodyBytes: 2048,
      parseOptions: { now, toleranceSeconds: 60 },
    });
    const result = await handler.handle({ body: '{}' });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ reason: 'timestamp_too_old' });
    expect(seen).toEqual([{ now, toleranceSeconds: 60, maxBodyBytes: 2048 }]);
  });

  it('rejects bad options at construction', () => {
    const provider = createFakeProvider();
    expect(() => createWebhookHandler({ provider, onEvent: () => {}, maxBodyBytes: 0 })).toThrow(
      ConfigurationError,
    );
    expect(() => createWebhookHandler({ provider, onEvent: undefined as never })).toThrow(ConfigurationError);
    expect(() => createWebhookHandler({ provider: {} as never, onEvent: () => {} })).toThrow(
      ConfigurationError,
    );
  });
});
