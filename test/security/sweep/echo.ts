/**
 * A fake provider for the sweep's adapter rows: answers every request with the request echoed
 * back (URL, every header, the body) inside the error shapes all three providers use, so an error
 * parser that copies anything copies the credentials too.
 */
type Fetch = typeof globalThis.fetch;

/** `text` as base64, base64url without padding, hex and percent-encoded, as an echoing API could send it back. */
export function reencode(text: string): Record<string, string> {
  const bytes = Buffer.from(text);
  return {
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    shifted: Buffer.from(`x${text}`).toString('base64'),
    hex: bytes.toString('hex'),
    percent: encodeURIComponent(text),
  };
}

export interface EchoOptions {
  status: number;
  /** Answer with text instead of JSON. */
  text?: boolean;
  /** Answer these paths with fixed JSON instead (e.g. a token endpoint that works). */
  routes?: Record<string, { status: number; json: unknown }>;
}

export function echoFetch(options: EchoOptions): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const route = options.routes?.[url.pathname];
    if (route) return Response.json(route.json, { status: route.status });
    const headers = Object.fromEntries(request.headers.entries());
    const sent = await request.text();
    const said = `rejected ${request.method} ${request.url} with headers ${JSON.stringify(headers)} and body ${sent}`;
    if (options.text)
      return new Response(`${said} ${JSON.stringify(reencode(said))}`, {
        status: options.status,
        headers: { 'x-request-id': said.slice(0, 200) },
      });
    const body = {
      // Moyasar's shape
      type: said,
      message: said,
      errors: { [said.slice(0, 120)]: [said] },
      // MoneyHash's envelope
      status: {
        code: options.status >= 400 ? options.status : 400,
        message: said,
        errors: [{ [headers['x-api-key'] ?? 'field']: said }],
      },
      data: { echo: { headers, body: sent } },
      // Money-Go's
      translation: said,
      // What it received, re-encoded the ways APIs echo values back.
      reencoded: reencode(said),
    };
    return Response.json(body, { status: options.status, headers: { 'x-request-id': said.slice(0, 200) } });
  };
}

/** A fetch whose connection fails, with the request (URL, headers) in the cause chain. */
export function failingFetch(): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers = JSON.stringify(Object.fromEntries(request.headers.entries()));
    throw new TypeError(`fetch failed: ${request.url}`, {
      cause: Object.assign(
        new Error(`connect ECONNRESET ${request.url} ${headers} ${await request.text()}`),
        {
          code: 'ECONNRESET',
        },
      ),
    });
  };
}

/** A fetch that never answers until aborted (for timeouts). */
export function hangingFetch(): Fetch {
  return (input, init) =>
    new Promise<Response>((_resolve, reject) => {
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason));
    });
}

/** A 2xx answer of the wrong shape whose fields echo the request. */
export function wrongShapeFetch(status = 200): Fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers = Object.fromEntries(request.headers.entries());
    return Response.json(
      {
        status: true,
        data: { id: 5, url: headers, embed_url: 7, headers },
        id: [headers],
        url: 9,
        echo: await request.text(),
      },
      { status },
    );
  };
}
