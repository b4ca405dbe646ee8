/**
 * The paging loop of every `iterate…` method (core/paginate.ts), with a scripted page source:
 * pages on demand, the start cursor, errors mid-way, `break`, the signal, and a cursor that loops.
 */
import { InvalidResponseError, NetworkError, ProviderError, TimeoutError } from 'paybridge';
import { describe, expect, it } from 'vitest';
import { type ListPage, paginate } from '../../src/core/paginate';
import { collect, rejection } from '../helpers/async';

/** A source of pages keyed by cursor, recording every cursor asked for. */
function pages(book: Record<string, ListPage<string, number>>) {
  const asked: (number | undefined)[] = [];
  const fetchPage = async (cursor: number | undefined) => {
    asked.push(cursor);
    const page = book[String(cursor ?? 'first')];
    if (page === undefined) throw new Error(`no page ${cursor}`);
    return page;
  };
  return { asked, fetchPage };
}

const three = {
  first: { items: ['a', 'b'], next: 2 },
  '2': { items: ['c'], next: 3 },
  '3': { items: ['d', 'e'], next: undefined },
};

describe('paginate', () => {
  it('walks every page in order, one request per page', async () => {
    const source = pages(three);
    expect(await collect(paginate(source.fetchPage, { provider: 'p', what: 'things' }))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(source.asked).toEqual([undefined, 2, 3]);
  });

  it('asks for nothing until iterated, and starts at `start`', async () => {
    const source = pages(three);
    const iterator = paginate(source.fetchPage, { provider: 'p', what: 'things', start: 2 });
    expect(source.asked).toEqual([]);
    expect(await collect(iterator)).toEqual(['c', 'd', 'e']);
    expect(source.asked).toEqual([2, 3]);
  });

  it('an empty list is one request and no item', async () => {
    const source = pages({ first: { items: [], next: undefined } });
    expect(await collect(paginate(source.fetchPage, { provider: 'p', what: 'things' }))).toEqual([]);
    expect(source.asked).toEqual([undefined]);
  });

  it('an empty page is the last, even when it names a next one (a provider counting pages forever)', async () => {
    const asked: number[] = [];
    const endless = async (cursor: number | undefined) => {
      const page = cursor ?? 1;
      asked.push(page);
      return { items: page <= 2 ? [`item-${page}`] : [], next: page + 1 };
    };
    expect(await collect(paginate(endless, { provider: 'p', what: 'things' }))).toEqual(['item-1', 'item-2']);
    expect(asked).toEqual([1, 2, 3]);
  });

  it('a failing page ends the iteration with its error, after the items already yielded', async () => {
    const failure = new ProviderError({ status: 500, message: 'down' }, { provider: 'p' });
    const seen: string[] = [];
    const fetchPage = async (cursor: number | undefined) => {
      if (cursor === 2) throw failure;
      return { items: ['a', 'b'], next: 2 };
    };
    const error = await rejection(
      (async () => {
        for await (const item of paginate(fetchPage, { provider: 'p', what: 'things' })) seen.push(item);
      })(),
    );
    expect(error).toBe(failure);
    expect(seen).toEqual(['a', 'b']);
  });

  it('break stops further requests', async () => {
    const source = pages(three);
    for await (const item of paginate(source.fetchPage, { provider: 'p', what: 'things' })) {
      if (item === 'b') break;
    }
    expect(source.asked).toEqual([undefined]);
  });

  it('refuses a next-page cursor already used instead of looping', async () => {
    const source = pages({ first: { items: ['a'], next: 2 }, '2': { items: ['b'], next: 2 } });
    const error = await rejection(collect(paginate(source.fetchPage, { provider: 'p', what: 'things' })));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).message).toContain('page already listed');
    expect(source.asked).toEqual([undefined, 2]);
  });

  it('refuses a next page that points back at the start cursor', async () => {
    const source = pages({ '5': { items: ['a'], next: 5 } });
    const error = await rejection(
      collect(paginate(source.fetchPage, { provider: 'p', what: 'things', start: 5 })),
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('an aborted signal stops before the first request', async () => {
    const source = pages(three);
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      collect(paginate(source.fetchPage, { provider: 'p', what: 'things', signal: controller.signal })),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'aborted', provider: 'p', mayHaveReachedProvider: false });
    expect(source.asked).toEqual([]);
  });

  it('an abort while items are being used stops before the next item and the next page', async () => {
    const source = pages(three);
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const item of paginate(source.fetchPage, {
          provider: 'p',
          what: 'things',
          signal: controller.signal,
        })) {
          seen.push(item);
          controller.abort();
        }
      })(),
    );
    expect(error).toMatchObject({ code: 'aborted' });
    expect(seen).toEqual(['a']);
    expect(source.asked).toEqual([undefined]);
  });

  it("a deadline signal (AbortSignal.timeout) is a TimeoutError, as the HTTP client's", async () => {
    const source = pages(three);
    const controller = new AbortController();
    controller.abort(new DOMException('deadline', 'TimeoutError'));
    const error = await rejection(
      collect(paginate(source.fetchPage, { provider: 'p', what: 'things', signal: controller.signal })),
    );
    expect(error).toBeInstanceOf(TimeoutError);
  });
});
