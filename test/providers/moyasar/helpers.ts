import { readFileSync } from 'node:fs';

const dir = new URL('../../fixtures/moyasar/', import.meta.url);

/** A fixture's exact text. */
export function fixtureText(name: string): string {
  return readFileSync(new URL(`${name}.json`, dir), 'utf8');
}

/** A fixture, parsed (a fresh copy on every call). */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(fixtureText(name)) as T;
}

/** The secret token the webhook fixtures carry. */
export const FIXTURE_WEBHOOK_SECRET = 'fixture-webhook-secret-3f9a';
export const TEST_KEY = 'sk_test_paybridgeFixtureKey01';
export const LIVE_KEY = 'sk_live_paybridgeFixtureKey02';
export const BASE = 'https://api.moyasar.test/v1';
