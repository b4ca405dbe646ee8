import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and examples import the package by its public names; resolve them to the sources.
    alias: [
      { find: /^paybridge$/, replacement: src('index.ts') },
      { find: /^paybridge\/moneyhash$/, replacement: src('providers/moneyhash/index.ts') },
      { find: /^paybridge\/moneyhash\/webhooks$/, replacement: src('providers/moneyhash/webhooks-entry.ts') },
      { find: /^paybridge\/moyasar$/, replacement: src('providers/moyasar/index.ts') },
      { find: /^paybridge\/moyasar\/webhooks$/, replacement: src('providers/moyasar/webhooks-entry.ts') },
      { find: /^paybridge\/moneygo$/, replacement: src('providers/moneygo/index.ts') },
      { find: /^paybridge\/moneygo\/webhooks$/, replacement: src('providers/moneygo/webhooks-entry.ts') },
      { find: /^paybridge\/paymob$/, replacement: src('providers/paymob/index.ts') },
      { find: /^paybridge\/paymob\/webhooks$/, replacement: src('providers/paymob/webhooks-entry.ts') },
      { find: /^paybridge\/tap$/, replacement: src('providers/tap/index.ts') },
      { find: /^paybridge\/tap\/webhooks$/, replacement: src('providers/tap/webhooks-entry.ts') },
      { find: /^paybridge\/testing$/, replacement: src('testing/index.ts') },
      { find: /^paybridge\/testing\/msw$/, replacement: src('testing/msw.ts') },
      { find: /^paybridge\/testing\/simulator$/, replacement: src('testing/simulator/index.ts') },
      { find: /^paybridge\/redis$/, replacement: src('redis/index.ts') },
      { find: /^paybridge\/postgres$/, replacement: src('postgres/index.ts') },
      { find: /^paybridge\/opentelemetry$/, replacement: src('opentelemetry/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/fuzz/**', 'node_modules/**'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    coverage: {
      enabled: true,
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary'],
      thresholds: {
        'src/core/**': { lines: 90 },
      },
    },
  },
});
