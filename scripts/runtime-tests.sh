#!/usr/bin/env bash
# npm run test:runtimes: the built package on Node 22.12 and 24, Bun, Deno and workerd (with and
# without nodejs_compat), as scripts/runtime-tests/run.ts describes. Builds dist/ first when it is
# missing (CI builds it just before). Bun, Deno and workerd are devDependencies, installed by
# `npm ci`; Node 22.12 comes from the npm registry through npx. Arguments go to run.ts
# (--only bun,deno; --dist DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.js ] || npm run build --silent
exec node_modules/.bin/node scripts/runtime-tests/run.ts "$@"
