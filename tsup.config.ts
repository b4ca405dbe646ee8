import { defineConfig } from 'tsup';

// One ESM build; every public entry point is listed here and in package.json "exports".
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    moneyhash: 'src/providers/moneyhash/index.ts',
    moyasar: 'src/providers/moyasar/index.ts',
    moneygo: 'src/providers/moneygo/index.ts',
    tap: 'src/providers/tap/index.ts',
    testing: 'src/testing/index.ts',
    'testing-msw': 'src/testing/msw.ts',
    redis: 'src/redis/index.ts',
    cli: 'src/bin.ts',
  },
  format: ['esm'],
  target: 'node22',
  platform: 'node',
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  external: ['ky', 'zod', 'redis', 'msw'],
});
