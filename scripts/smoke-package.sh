#!/usr/bin/env bash
# npm run test:package: packs the package, installs the tarball into a fresh temporary project
# (dependencies from the registry, cache first) and, on Node 22, imports every entry point from
# ESM and require()s it from CommonJS (scripts/package-smoke/check.{mjs,cjs}); require()s them
# again on the lowest Node that "engines" claims; checks the source maps; and compiles and runs a
# NestJS project made with nest new's defaults against the tarball (scripts/nestjs-project.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
[ -f dist/index.js ] || npm run build --silent

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tarball="$(npm pack --silent --pack-destination "$tmp" | tail -n 1)"
mkdir "$tmp/app"
cp "$root/scripts/package-smoke/check.mjs" "$root/scripts/package-smoke/check.cjs" \
  "$root/scripts/package-smoke/expected-exports.json" "$tmp/app/"
cd "$tmp/app"
printf '{ "name": "paybridge-smoke", "version": "0.0.0", "private": true }\n' > package.json
# Optional peer dependencies (msw for paybridge/testing/msw, redis for paybridge/redis) are what a
# user of those entry points installs, so they are installed too.
mapfile -t peers < <(node -e 'const p=require(process.argv[1]);for(const [n,r] of Object.entries(p.peerDependencies??{}))console.log(`${n}@${r}`)' "$root/package.json")
echo "Installing $tarball ${peers[*]} into a temporary project…"
npm install --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error "$tmp/$tarball" "${peers[@]}" >/dev/null
npx -y -p node@22 node check.mjs
npx -y -p node@22 node check.cjs
# engines.node is ">=X.Y.Z": X.Y.Z is where require() of this ESM-only package starts to work.
lowest="$(node -p 'const r = require("./node_modules/paybridge/package.json").engines.node; const m = /^>=(\d+\.\d+\.\d+)$/.exec(r); if (!m) throw new Error(`engines.node ${r} is not >=X.Y.Z`); m[1]')"
npx -y -p "node@$lowest" node check.cjs
cp "$root/scripts/package-smoke/check-sourcemaps.mjs" .
node check-sourcemaps.mjs
NODE_CMD="npx -y -p node@$lowest node" bash "$root/scripts/nestjs-project.sh" check "$tmp/$tarball"
echo "Package smoke test passed."
