/**
 * How many cases each fuzz property runs. `npm run test:fuzz` (vitest.fuzz.config.ts sets
 * PAYBRIDGE_FUZZ=1) runs FUZZ_RUNS cases, default 100,000; the normal `npm test` imports the same
 * properties through test/fuzz-smoke.test.ts and runs a few thousand.
 */
const full = process.env['PAYBRIDGE_FUZZ'] === '1';

/** Cases for a cheap property (one parse of a small body). */
export const NUM_RUNS = full ? Number(process.env['FUZZ_RUNS'] ?? 100_000) : 2_000;

/** Cases for a property whose every case is a body at the 1 MiB limit. */
export const HUGE_RUNS = full ? 200 : 12;

/** fast-check parameters shared by every property: a fixed seed in the smoke run, random in the full run. */
export function fcParams(numRuns = NUM_RUNS): { numRuns: number; seed?: number } {
  const seed = process.env['FUZZ_SEED'];
  if (seed !== undefined) return { numRuns, seed: Number(seed) };
  return full ? { numRuns } : { numRuns, seed: 20260101 };
}

/** Per-test timeout: generous, since only completion is asserted, never speed. */
export const FUZZ_TIMEOUT_MS = full ? 30 * 60_000 : 120_000;
