/**
 * Hardening, classes 2, 3 and 10: what an adapter's HTTP client does when the network or the
 * provider misbehaves. Real loopback servers (not msw), so fetch's own redirect, decompression
 * and socket behaviour is what is tested.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { InvalidResponseError, NetworkError, PaybridgeError, ProviderError, TimeoutError } from 'paybridge';
import { createMoneyGo } from 'paybridge/moneygo';
import { createMoneyHash } from 'paybridge/moneyhash';
import { createMoyasar } from 'paybridge/moyasar';
import { afterEach, describe, expect, it } from 'vitest';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Loopback {
  url: string;
  origin: string;
  seen: Seen[];
  close(): Promise<void>;
}

const open: Loopback[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A loopback server that records every request (with its body) and answers with `answer`. */
async function serve(answer: (req: Seen, res: ServerResponse) => void): Promise<Loopback> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      answer(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const loopback: Loopback = {
    url: `http://127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(loopback);
  return loopback;
}

async function rejection(promise: Promise<unknown>): Promise<PaybridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(PaybridgeError.isInstance(error)).toBe(true);
    return error as PaybridgeError;
  }
  throw new Error('expected a rejection');
}

const API_KEY = 'mh_live_api_key_that_must_not_travel';
const CLIENT_SECRET = 'moneygo-client-secret-that-must-not-travel';

describe('class 2: no credential follows a redirect', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`MoneyHash getPayment answered ${status} to another origin: refused, X-Api-Key never sent there`, async () => {
      const evil = await serve((_req, res) => res.writeHead(200).end('{}'));
      const provider = await serve((_req, res) =>
        res.writeHead(status, { location: `${evil.url}/steal` }).end(),
      );
      const moneyhash = createMoneyHash({ apiKey: API_KEY, baseUrl: provider.url, retry: false });
      const error = await rejection(moneyhash.getPayment('intent_1'));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error.code).toBe('redirect_refused');
      expect(error.message).toContain(evil.origin);
      expect(evil.seen).toHaveLength(0);
      expect(provider.seen[0]?.headers['x-api-key']).toBe(API_KEY);
    });
  }

  for (const status of [307, 308]) {
    it(`Money-Go's token request answered ${status}: client_secret never reaches the other origin`, async () => {
      const evil = await serve((_req, res) => res.writeHead(200).end('{}'));
      const provider = await serve((_req, res) =>
        res.writeHead(status, { location: `${evil.url}/token` }).end(),
      );
      const moneygo = createMoneyGo({
        clientId: 'client',
        clientSecret: CLIENT_SECRET,
        formSecret: 'form-secret-for-tests',
        walletTo: 'U100001',
        baseUrl: provider.url,
        retry: false,
      });
      const error = await rejection(moneygo.getPayment('order-1'));
      expect(error.code).toBe('redirect_refused');
      expect(evil.seen).toHaveLength(0);
      expect(JSON.stringify(error)).not.toContain(CLIENT_SECRET);
    });
  }

  it('a redirect to another path of the same origin is refused too, with a message that says so', async () => {
    const provider = await serve((req, res) => {
      if (req.url.startsWith('/moved')) return res.writeHead(200).end('{}');
      res.writeHead(302, { location: '/moved' }).end();
    });
    const moneyhash = createMoneyHash({ apiKey: API_KEY, baseUrl: provider.url, retry: false });
    const error = await rejection(moneyhash.getPayment('intent_1'));
    expect(error.code).toBe('redirect_refused');
    expect(error.message).toContain('another path');
    expect(provider.seen).toHaveLength(1);
  });
});

/** Writes a 200 JSON head, part of a body, then destroys the socket. */
function cutMidBody(declaredLength: boolean) {
  return (_req: Seen, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(declaredLength ? { 'content-length': '400' } : {}),
    });
    res.write('{"id":"inv_1","status":"initiated","amo');
    setTimeout(() => res.destroy(), 20);
  };
}

describe('class 3: failures while reading an answer body', () => {
  for (const declared of [true, false]) {
    it(`a 200 cut mid-body (${declared ? 'content-length' : 'chunked'}) is a NetworkError that may have reached the provider`, async () => {
      const provider = await serve(cutMidBody(declared));
      const moneyhash = createMoneyHash({ apiKey: API_KEY, baseUrl: provider.url, retry: false });
      const error = await rejection(moneyhash.getPayment('intent_1'));
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).mayHaveReachedProvider).toBe(true);
    });
  }

  it('an invalid gzip body is an InvalidResponseError', async () => {
    const provider = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(Buffer.from('this is not gzip'));
    });
    const moneyhash = createMoneyHash({ apiKey: API_KEY, baseUrl: provider.url, retry: false });
    const error = await rejection(moneyhash.getPayment('intent_1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('a gzip bomb stops at maxResponseBytes: response_too_large, without inflating it all', async () => {
    // 64 MiB of zeros, gzipped on the fly (about 64 KiB on the wire).
    const provider = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const gzip = createGzip({ level: 9 });
      gzip.pipe(res);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64) {
          sent += 1;
          if (!gzip.write(chunk)) return void gzip.once('drain', pump);
        }
        gzip.end();
      };
      pump();
    });
    const moneyhash = createMoneyHash({
      apiKey: API_KEY,
      baseUrl: provider.url,
      retry: false,
      maxResponseBytes: 1024 * 1024,
    });
    const error = await rejection(moneyhash.getPayment('intent_1'));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.code).toBe('response_too_large');
  });

  it('an answer that never finishes its body times out as a TimeoutError', async () => {
    const provider = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
    });
    const moneyhash = createMoneyHash({ apiKey: API_KEY, baseUrl: provider.url, retry: false, timeout: 200 });
    const error = await rejection(moneyhash.getPayment('intent_1'));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('a Moyasar create cut mid-body looks the invoice up by reference before anything else', async () => {
    const invoice = {
      id: 'inv_found',
      status: 'initiated',
      amount: 10_500,
      currency: 'SAR',
      url: 'https://checkout.moyasar.test/inv_found',
      metadata: { paybridge_reference: 'order-cut' },
      created_at: '2026-12-03T08:00:00Z',
    };
    const provider = await serve((req, res) => {
      if (req.method === 'POST') return cutMidBody(true)(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ invoices: [invoice], meta: { current_page: 1, total_pages: 1 } }));
    });
    const moyasar = createMoyasar({ secretKey: 'sk_test_hardening', baseUrl: provider.url, retry: false });
    const link = await moyasar.createPaymentLink({ amount: 10_500, currency: 'SAR', reference: 'order-cut' });
    expect(link.id).toBe('inv_found');
    expect(provider.seen.map((r) => r.method)).toEqual(['POST', 'GET']);
  });
});

describe('class 10: a POST is repeated only where its idempotency is confirmed', () => {
  it('MoneyHash create with an idempotencyKey is sent once on a 503 (MoneyHash does not document the header)', async () => {
    const provider = await serve((_req, res) => res.writeHead(503).end('{}'));
    const moneyhash = createMoneyHash({
      apiKey: API_KEY,
      baseUrl: provider.url,
      retry: { limit: 2, backoffLimit: 1 },
    });
    const error = await rejection(
      moneyhash.createPaymentLink(
        { amount: 1000, currency: 'EGP', reference: 'order-idem' },
        { idempotencyKey: 'order-idem' },
      ),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(provider.seen).toHaveLength(1);
    expect(provider.seen[0]?.headers['x-idempotency-key']).toBe('order-idem');
  });

  it('with retryWithIdempotencyKey: true (the named opt-in) the same create is retried', async () => {
    const provider = await serve((_req, res) => res.writeHead(503).end('{}'));
    const moneyhash = createMoneyHash({
      apiKey: API_KEY,
      baseUrl: provider.url,
      retry: { limit: 2, backoffLimit: 1 },
      retryWithIdempotencyKey: true,
    });
    await rejection(
      moneyhash.createPaymentLink(
        { amount: 1000, currency: 'EGP', reference: 'order-idem' },
        { idempotencyKey: 'order-idem' },
      ),
    );
    expect(provider.seen).toHaveLength(3);
  });
});
