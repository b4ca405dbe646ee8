/**
 * Child process of `npm run bench`: `node --expose-gc bench/heap.ts <core|provider> [count]`.
 * Parses `count` (default 100,000) valid webhooks and prints, as JSON, the heap in use after a
 * full collection before and after. Lazy one-time setup (schemas, caches) is warmed up first.
 */
import { coreCase } from './lib/baselines.ts';
import { loadProviderBenches } from './lib/providers.ts';

const target = process.argv[2] ?? 'core';
const count = Number(process.argv[3] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const benches = await loadProviderBenches();
const bench = benches.find((b) => b.provider === target);
if (target !== 'core' && !bench) throw new Error(`no bench/providers/${target}.ts`);
const cases = await Promise.all(
  [1024, 4096, 10240].map((size) => (bench ? bench.webhook(size) : coreCase(size))),
);

const settle = () => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

for (let i = 0; i < 2_000; i++) await cases[i % cases.length]!.parse();
const start = settle();
for (let i = 0; i < count; i++) await cases[i % cases.length]!.parse();
const end = settle();
process.stdout.write(JSON.stringify({ target, count, start, end, delta: end - start }));
