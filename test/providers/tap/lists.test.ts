/**
 * Tap's lists through msw: `iterateCharges` (`POST /v2/charges/list`), `iterateAuthorizations`
 * (`POST /v2/authorize/list`) and `iterateRefunds` (`POST /v2/refunds/list`): the body (limit,
 * starting_after, period, status, customers), several pages by `has_more`, an empty list, a failure
 * mid-way, `break`, the signal, answers that cannot be read, and bad filters before any request.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { InvalidRequestError, InvalidResponseError, NetworkError, ProviderError } from 'paybridge';
import { createTap, type TapSettings } from 'paybridge/tap';
import { tapObject } from 'paybridge/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collect, rejection } from '../../helpers/async';
import { BASE, TEST_KEY } from './helpers';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const adapter = (settings: TapSettings = {}) =>
  createTap({ secretKey: TEST_KEY, baseUrl: BASE, retry: 0, ...settings });

const charge = (n: number, tapStatus = 'CAPTURED') =>
  tapObject({ id: `chg_${n}`, tapStatus, amount: 1_000 + n, currency: 'KWD' });
const authorization = (n: number) =>
  tapObject({ object: 'authorize', id: `auth_${n}`, tapStatus: 'AUTHORIZED', amount: 500, currency: 'SAR' });
const refund = (n: number) =>
  tapObject({ object: 'refund', id: `re_${n}`, chargeId: `chg_${n}`, tapStatus: 'REFUNDED', amount: 250 });

type Page = Record<string, unknown> | Response;

/**
 * Serves `POST <path>`: each request gets the next answer; the bodies sent are recorded. Pages
 * are answered as Tap does, `{ object: "list", has_more, count, <key>: [...] }`.
 */
function serve(path: string, answers: Page[]) {
  const bodies: Record<string, unknown>[] = [];
  const headers: Headers[] = [];
  server.use(
    http.post(`${BASE}${path}`, async ({ request }) => {
      bodies.push((await request.json()) as Record<string, unknown>);
      headers.push(request.headers);
      const answer = answers[bodies.length - 1] ?? { object: 'list', has_more: false, charges: [] };
      return answer instanceof Response ? answer : HttpResponse.json(answer);
    }),
  );
  return { bodies, headers };
}

const list = (key: string, items: unknown[], hasMore?: boolean) => ({
  object: 'list',
  live_mode: false,
  api_version: 'V2',
  count: items.length,
  ...(hasMore !== undefined && { has_more: hasMore }),
  [key]: items,
});

describe('iterateCharges', () => {
  it('walks the pages while has_more, each after the last id of the one before', async () => {
    const seen = serve('/charges/list', [
      list('charges', [charge(1), charge(2)], true),
      list('charges', [charge(3), charge(4)], true),
      list('charges', [charge(5, 'DECLINED')], false),
    ]);
    const charges = await collect(adapter().iterateCharges({ limit: 2 }));
    expect(charges.map((c) => [c.id, c.status, c.amount, c.currency])).toEqual([
      ['chg_1', 'succeeded', 1001, 'KWD'],
      ['chg_2', 'succeeded', 1002, 'KWD'],
      ['chg_3', 'succeeded', 1003, 'KWD'],
      ['chg_4', 'succeeded', 1004, 'KWD'],
      ['chg_5', 'failed', 1005, 'KWD'],
    ]);
    expect(charges[0]).toMatchObject({ provider: 'tap', object: 'charge' });
    expect(seen.bodies).toEqual([
      { limit: '2' },
      { limit: '2', starting_after: 'chg_2' },
      { limit: '2', starting_after: 'chg_4' },
    ]);
    expect(seen.headers[0]?.get('authorization')).toBe(`Bearer ${TEST_KEY}`);
  });

  it('sends the filters as Tap documents them, and starts after startingAfter', async () => {
    const seen = serve('/charges/list', [list('charges', [charge(9)], false)]);
    await collect(
      adapter().iterateCharges({
        startingAfter: 'chg_8',
        from: new Date(1_662_190_768_000),
        to: new Date(1_662_536_368_000),
        status: 'CAPTURED',
        customerIds: ['cus_1', 'cus_2'],
      }),
    );
    expect(seen.bodies).toEqual([
      {
        period: { date: { from: '1662190768000', to: '1662536368000' } },
        status: 'CAPTURED',
        customers: ['cus_1', 'cus_2'],
        limit: '50',
        starting_after: 'chg_8',
      },
    ]);
  });

  it('an empty list is one request and no charge', async () => {
    const seen = serve('/charges/list', [list('charges', [], false)]);
    expect(await collect(adapter().iterateCharges())).toEqual([]);
    expect(seen.bodies).toHaveLength(1);
  });

  it('without has_more, a full page may be followed by more, a short one is the last [UNCONFIRMED]', async () => {
    const seen = serve('/charges/list', [
      list('charges', [charge(1), charge(2)]),
      list('charges', [charge(3)]),
    ]);
    expect((await collect(adapter().iterateCharges({ limit: 2 }))).map((c) => c.id)).toEqual([
      'chg_1',
      'chg_2',
      'chg_3',
    ]);
    expect(seen.bodies).toHaveLength(2);
  });

  it("a failing page throws Tap's ProviderError after the charges already yielded", async () => {
    serve('/charges/list', [
      list('charges', [charge(1)], true),
      HttpResponse.json({ errors: [{ code: '2104', description: 'Invalid API Key' }] }, { status: 401 }),
    ]);
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const c of adapter().iterateCharges()) seen.push(c.id);
      })(),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'tap', status: 401, code: 'invalid_api_key' });
    expect(seen).toEqual(['chg_1']);
  });

  it('a list POST changes nothing, so it is retried like a GET', async () => {
    const seen = serve('/charges/list', [
      HttpResponse.json({ errors: [{ code: '9999', description: 'Internal error' }] }, { status: 503 }),
      list('charges', [charge(1)], false),
    ]);
    const retried = adapter({ retry: { limit: 1, backoffLimit: 1 } });
    expect((await collect(retried.iterateCharges())).map((c) => c.id)).toEqual(['chg_1']);
    expect(seen.bodies).toHaveLength(2);
  });

  it('break stops further requests', async () => {
    const seen = serve('/charges/list', [list('charges', [charge(1), charge(2)], true)]);
    for await (const c of adapter().iterateCharges()) {
      if (c.id === 'chg_1') break;
    }
    expect(seen.bodies).toHaveLength(1);
  });

  it('options.signal aborts the listing', async () => {
    const seen = serve('/charges/list', [
      list('charges', [charge(1)], true),
      list('charges', [charge(2)], false),
    ]);
    const controller = new AbortController();
    const error = await rejection(
      (async () => {
        for await (const _ of adapter().iterateCharges({}, { signal: controller.signal })) controller.abort();
      })(),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'aborted' });
    expect(seen.bodies).toHaveLength(1);
  });

  it('refuses an answer without the charges array, and has_more with nothing to continue after', async () => {
    serve('/charges/list', [{ object: 'list', has_more: false, data: [] }]);
    const missing = await rejection(collect(adapter().iterateCharges()));
    expect(missing).toBeInstanceOf(InvalidResponseError);
    expect((missing as Error).message).toContain('`charges`');
    server.resetHandlers();
    serve('/charges/list', [list('charges', [], true)]);
    expect(await rejection(collect(adapter().iterateCharges()))).toBeInstanceOf(InvalidResponseError);
  });

  it('refuses a charge it cannot read, naming where', async () => {
    serve('/charges/list', [list('charges', [{ ...charge(1), amount: 'lots' }], false)]);
    const error = await rejection(collect(adapter().iterateCharges()));
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('bad filters fail before any request', async () => {
    const seen = serve('/charges/list', []);
    for (const [params, code] of [
      [{ limit: 0 }, 'invalid_limit'],
      [{ limit: 51 }, 'invalid_limit'],
      [{ limit: 2.5 }, 'invalid_limit'],
      [{ from: new Date(2), to: new Date(1) }, 'invalid_period'],
      [{ from: new Date(Number.NaN) }, 'invalid_field'],
      [{ startingAfter: '' }, 'missing_field'],
      [{ customerIds: 'cus_1' }, 'invalid_field'],
    ] as const) {
      const error = await rejection(
        adapter()
          .iterateCharges(params as never)
          .next(),
      );
      expect(error, JSON.stringify(params)).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ code });
    }
    expect(seen.bodies).toHaveLength(0);
  });
});

describe('iterateAuthorizations', () => {
  it('walks POST /authorize/list as authorizations', async () => {
    const seen = serve('/authorize/list', [
      list('authorizes', [authorization(1)], true),
      list('authorizes', [authorization(2)], false),
    ]);
    const found = await collect(adapter().iterateAuthorizations({ limit: 1 }));
    expect(found.map((a) => [a.id, a.object, a.status, a.amount])).toEqual([
      ['auth_1', 'authorize', 'authorized', 500],
      ['auth_2', 'authorize', 'authorized', 500],
    ]);
    expect(seen.bodies[1]).toEqual({ limit: '1', starting_after: 'auth_1' });
  });

  it('reads the other names its array may have [UNCONFIRMED], and refuses none', async () => {
    serve('/authorize/list', [list('authorize', [authorization(3)], false)]);
    expect((await collect(adapter().iterateAuthorizations())).map((a) => a.id)).toEqual(['auth_3']);
    server.resetHandlers();
    serve('/authorize/list', [list('charges', [authorization(3)], false)]);
    expect(await rejection(collect(adapter().iterateAuthorizations()))).toBeInstanceOf(InvalidResponseError);
  });
});

describe('iterateRefunds', () => {
  it('walks POST /refunds/list as refunds; break stops; a failure mid-way throws', async () => {
    const seen = serve('/refunds/list', [
      list('refunds', [refund(1), refund(2)], true),
      list('refunds', [refund(3)], false),
    ]);
    const refunds = await collect(adapter().iterateRefunds());
    expect(refunds.map((r) => [r.id, r.chargeId, r.outcome, r.amount])).toEqual([
      ['re_1', 'chg_1', 'succeeded', 250],
      ['re_2', 'chg_2', 'succeeded', 250],
      ['re_3', 'chg_3', 'succeeded', 250],
    ]);
    expect(seen.bodies[1]).toEqual({ limit: '50', starting_after: 're_2' });

    server.resetHandlers();
    const once = serve('/refunds/list', [list('refunds', [refund(1), refund(2)], true)]);
    for await (const _ of adapter().iterateRefunds()) break;
    expect(once.bodies).toHaveLength(1);

    server.resetHandlers();
    serve('/refunds/list', [
      list('refunds', [refund(1)], true),
      HttpResponse.json({ errors: [{ code: '9999', description: 'Internal error' }] }, { status: 503 }),
    ]);
    const error = await rejection(collect(adapter().iterateRefunds()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 503 });
  });

  it('an empty list is one request and no refund', async () => {
    const seen = serve('/refunds/list', [list('refunds', [], false)]);
    expect(await collect(adapter().iterateRefunds())).toEqual([]);
    expect(seen.bodies).toHaveLength(1);
  });
});
