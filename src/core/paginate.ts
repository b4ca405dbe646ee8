/**
 * The paging loop behind every adapter's `iterate…` method: pages are fetched one at a time and
 * only when the previous one is used up, so a `break` (or `return`) out of `for await` stops all
 * further requests. The adapter supplies one function that fetches a page at a cursor (a page
 * number, a `starting_after` id) and says where the next one starts. Nothing here knows a provider.
 */
import { InvalidResponseError, NetworkError, type PaybridgeError, TimeoutError } from './errors';

/** One page of a provider's list: its items, and where the next page starts (undefined on the last). */
export interface ListPage<Item, Cursor> {
  items: readonly Item[];
  next: Cursor | undefined;
}

export interface PaginateOptions<Cursor> {
  provider: string;
  /** What is listed, for messages (`'invoices'`, `'charges'`). */
  what: string;
  /** Where the first page starts; undefined: the provider's first page. */
  start?: Cursor | undefined;
  /** Stops the listing: checked before every page and every item, and passed to each request by the caller. */
  signal?: AbortSignal | undefined;
}

/** The error of an aborted listing, in the terms the HTTP client uses for an aborted request. */
function abortError(provider: string, what: string, signal: AbortSignal): PaybridgeError {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new TimeoutError(`Listing ${what} from ${provider} hit the caller's deadline.`, { provider });
  }
  return new NetworkError(`Listing ${what} from ${provider} was aborted.`, {
    provider,
    code: 'aborted',
    cause: reason,
    mayHaveReachedProvider: false,
  });
}

/**
 * Every item of a paged list, page after page. A page's errors are the adapter's (its HTTP client
 * throws `ProviderError`, `NetworkError`, …) and end the iteration where they happen: the items
 * already yielded stay yielded. An empty page is the last one. A next-page cursor that was already
 * used is refused with `InvalidResponseError` instead of listing the same page forever.
 */
export async function* paginate<Item, Cursor extends string | number>(
  fetchPage: (cursor: Cursor | undefined) => Promise<ListPage<Item, Cursor>>,
  options: PaginateOptions<Cursor>,
): AsyncGenerator<Item, void, undefined> {
  const { provider, what, signal } = options;
  const used = new Set<Cursor>();
  let cursor = options.start;
  for (;;) {
    if (signal?.aborted) throw abortError(provider, what, signal);
    if (cursor !== undefined) used.add(cursor);
    const page = await fetchPage(cursor);
    for (const item of page.items) {
      if (signal?.aborted) throw abortError(provider, what, signal);
      yield item;
    }
    // An empty page ends the listing even if it names a next one: a provider that keeps counting
    // pages past its last item would otherwise be asked forever.
    if (page.next === undefined || page.items.length === 0) return;
    if (used.has(page.next)) {
      throw new InvalidResponseError(
        `${provider} pointed the next page of ${what} back at ${JSON.stringify(page.next)}, a page already ` +
          'listed: stopping rather than listing the same page again.',
        { provider },
      );
    }
    cursor = page.next;
  }
}
