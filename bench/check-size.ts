/**
 * `npm run check:size`: bundles every entry point of the built package with esbuild (minified,
 * dependencies included), gzips it and compares it with bench/size-budget.json. Exits 1 on any
 * overrun or on an entry point that has no budget. Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryPoints, ROOT } from './lib/entries.ts';
import { bundledSize, kib } from './lib/size.ts';

interface Budget {
  gzipBytes: number;
}

const budgetFile = join(ROOT, 'bench/size-budget.json');
const budgets = JSON.parse(readFileSync(budgetFile, 'utf8')) as { entries: Record<string, Budget> };

const problems: string[] = [];
for (const entry of entryPoints()) {
  const file = join(ROOT, entry.file);
  if (!existsSync(file)) {
    problems.push(`${entry.specifier}: ${entry.file} does not exist. Run \`npm run build\` first.`);
    continue;
  }
  const size = await bundledSize(file);
  const budget = budgets.entries[entry.specifier];
  if (!budget) {
    problems.push(
      `${entry.specifier}: no size budget. Add "${entry.specifier}": { "gzipBytes": … } to bench/size-budget.json ` +
        `(measured now: ${size.gzipBytes} B gzip).`,
    );
    continue;
  }
  const used = size.gzipBytes / budget.gzipBytes;
  const verdict = size.gzipBytes <= budget.gzipBytes ? 'ok  ' : 'OVER';
  console.log(
    `${verdict} ${entry.specifier.padEnd(20)} ${kib(size.gzipBytes).padStart(10)} gzip of ${kib(budget.gzipBytes)} budget ` +
      `(${(used * 100).toFixed(0)}%; ${kib(size.minifiedBytes)} minified)`,
  );
  if (size.gzipBytes > budget.gzipBytes) {
    problems.push(
      `${entry.specifier}: ${size.gzipBytes} B gzip is over its budget of ${budget.gzipBytes} B by ` +
        `${size.gzipBytes - budget.gzipBytes} B (${((used - 1) * 100).toFixed(1)}%). Find what grew ` +
        '(esbuild --bundle --analyze), or raise the budget in bench/size-budget.json and say why in the commit.',
    );
  }
}

if (problems.length > 0) {
  console.error(`\nSize check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('Size check passed.');
