// `npm run test:fuzz`: the fuzz properties at full strength (FUZZ_RUNS cases each, default 100,000;
// FUZZ_SEED to replay a failure). The normal config runs them at a few thousand via test/fuzz-smoke.test.ts.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/fuzz/**/*.fuzz.ts'],
    exclude: ['node_modules/**'],
    coverage: { enabled: false },
    env: { PAYBRIDGE_FUZZ: '1' },
    testTimeout: 30 * 60_000,
  },
});
