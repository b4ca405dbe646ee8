#!/usr/bin/env bash
# A NestJS project as `nest new` makes it (its tsconfig.json, CommonJS output), with
# examples/nestjs/*.ts as its src/ and paybridge in its node_modules, compiled with tsc. Used by
#   npm run test:package   bash scripts/nestjs-project.sh check <paybridge-x.y.z.tgz>
#                          compiles it against the packed tarball (with every entry point's exported
#                          names imported, under "moduleResolution": "node10"), starts it and posts
#                          signed webhooks (scripts/package-smoke/nestjs/drive.mjs), on $NODE_CMD
#   npm run example:nestjs bash scripts/nestjs-project.sh serve
#                          the same project against this checkout's dist/, serving on PORT
# No network: NestJS and the other packages are linked from this checkout's node_modules.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:?usage: nestjs-project.sh check <tarball> | serve}"

app="$(mktemp -d)"
trap 'rm -rf "$app"' EXIT
cp "$root/scripts/package-smoke/nestjs/tsconfig.json" "$root/scripts/package-smoke/nestjs/package.json" "$app/"
mkdir "$app/src" "$app/node_modules"
cp "$root"/examples/nestjs/*.ts "$app/src/"
for dependency in @nestjs reflect-metadata rxjs @types ky zod msw redis pg; do
  ln -s "$root/node_modules/$dependency" "$app/node_modules/$dependency"
done
if [ "$mode" = check ]; then
  tar -xzf "${2:?the packed tarball}" -C "$app"
  mv "$app/package" "$app/node_modules/paybridge"
else
  ln -s "$root" "$app/node_modules/paybridge"
fi

# Every runtime name of every entry point, imported by name: each must resolve, with its types.
node -e '
  const pkg = require(process.argv[1] + "/node_modules/paybridge/package.json");
  const expected = require(process.argv[2]);
  const lines = [], uses = [];
  Object.keys(pkg.exports).filter((key) => !key.endsWith(".json")).forEach((key, i) => {
    const specifier = key === "." ? pkg.name : pkg.name + key.slice(1);
    const names = expected[specifier];
    if (!names) throw new Error(`${specifier} is not in expected-exports.json`);
    lines.push(`import { ${names.map((n) => `${n} as e${i}_${n}`).join(", ")} } from "${specifier}";`);
    uses.push(...names.map((n) => `e${i}_${n}`));
  });
  lines.push(`export const entryPoints: unknown[] = [${uses.join(", ")}];`);
  require("node:fs").writeFileSync(process.argv[1] + "/src/entry-points.ts", lines.join("\n") + "\n");
' "$app" "$root/scripts/package-smoke/expected-exports.json"

cd "$app"
echo "Compiling examples/nestjs with nest new's tsconfig (TypeScript $("$root/node_modules/.bin/tsc" --version | cut -d' ' -f2))…"
"$root/node_modules/.bin/tsc" -p .
if [ "$mode" = check ]; then
  cp "$root/scripts/package-smoke/nestjs/drive.mjs" .
  ${NODE_CMD:-node} drive.mjs
else
  node dist/main.js
fi
