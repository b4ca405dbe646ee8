import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/tap/', import.meta.url);

/** A fixture's exact text (the samples of /work/shared/providers/samples/tap, copied verbatim). */
export function fixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** A fixture, parsed (a fresh copy on every call). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** A captured delivery (`*.capture.json`): method, url, headers as name/value pairs, body text. */
export interface Capture {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  bodySize: number;
  postData: { mimeType: string; text: string };
}

/** The headers of a capture as a record (as Node hands them over). */
export function captureHeaders(capture: Capture): Record<string, string> {
  return Object.fromEntries(capture.headers.map((h) => [h.name, h.value]));
}

/**
 * Tap's shared public test key (TAP-KEYS: "we recommend using your own test API keys"). The
 * sheet's self-computed vectors use it; the docs' published header values were made with another
 * (unpublished) merchant key and must fail with it.
 */
export const TAP_SHARED_TEST_KEY = 'sk_test_XKokBfNWv6FIYuTMg5sLPjhJ';

/** Keys for the adapter tests (shaped like Tap's: sk_test_ + 24). */
export const TEST_KEY = 'sk_test_paybridgeFixtureKey0001';
export const OTHER_KEY = 'sk_test_paybridgeFixtureKey0002';
export const BASE = 'https://api.tap.test/v2';
