// The fuzz properties at a few thousand cases in the normal test run; `npm run test:fuzz` runs
// the same files at 100,000 cases (see test/fuzz/runs.ts and vitest.fuzz.config.ts).
import './fuzz/core-webhook.fuzz';
import './fuzz/money.fuzz';
import './fuzz/moyasar.fuzz';
import './fuzz/moneyhash.fuzz';
import './fuzz/adapter-money.fuzz';
import './fuzz/moneygo.fuzz';
import './fuzz/paymob.fuzz';
import './fuzz/tap.fuzz';
