import { defineConfig } from 'tsup';

// One ESM build; every public entry point is listed here and in package.json "exports".
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    moneyhash: 'src/providers/moneyhash/index.ts',
    'moneyhash-webhooks': 'src/providers/moneyhash/webhooks-entry.ts',
    moyasar: 'src/providers/moyasar/index.ts',
    'moyasar-webhooks': 'src/providers/moyasar/webhooks-entry.ts',
    moneygo: 'src/providers/moneygo/index.ts',
    'moneygo-webhooks': 'src/providers/moneygo/webhooks-entry.ts',
    paymob: 'src/providers/paymob/index.ts',
    'paymob-webhooks': 'src/providers/paymob/webhooks-entry.ts',
    tap: 'src/providers/tap/index.ts',
    'tap-webhooks': 'src/providers/tap/webhooks-entry.ts',
    testing: 'src/testing/index.ts',
    'testing-msw': 'src/testing/msw.ts',
    'testing-simulator': 'src/testing/simulator/index.ts',
    redis: 'src/redis/index.ts',
    postgres: 'src/postgres/index.ts',
    opentelemetry: 'src/opentelemetry/index.ts',
    cli: 'src/bin.ts',
  },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  // Keep `node:` on built-in imports (the simulator's node:http, the CLI's node:util): Deno and
  // Workers' nodejs_compat resolve only the prefixed names.
  removeNodeProtocol: false,
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  external: ['ky', 'redis', 'pg', 'msw', '@opentelemetry/api'],
  // zod is bundled: Node without a bundler would load all of zod/mini's modules (most of a cold
  // start's first parse) where paybridge uses a few KiB of it. THIRD_PARTY_NOTICES.md carries its license.
  noExternal: ['zod'],
});
