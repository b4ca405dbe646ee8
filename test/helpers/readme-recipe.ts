/**
 * README recipes as tests: a test file copies a recipe's code between markers
 * (`// ---- README recipe: name ----` … `// ---- end of README recipe ----`) and runs the copy;
 * `expectCopiedAsWritten` checks that the copy is the README's code statement for statement and
 * that the test file imports everything the recipe imports.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The code block right after `<!-- recipe: name … -->` in the README. */
export function readmeRecipe(name: string): string {
  const at = README.indexOf(`<!-- recipe: ${name} `);
  expect(at, `README has no recipe ${name}`).toBeGreaterThanOrEqual(0);
  const block = /```ts\n([\s\S]*?)\n```/.exec(README.slice(at));
  return block![1]!;
}

/** The lines between the markers for `name` in `source`. */
function copiedRecipe(source: string, name: string): string {
  const start = source.indexOf(`// ---- README recipe: ${name} ----\n`);
  const end = source.indexOf('// ---- end of README recipe ----', start);
  expect(start, `no copy of the recipe ${name}`).toBeGreaterThanOrEqual(0);
  return source.slice(source.indexOf('\n', start) + 1, end);
}

const IMPORT = /^import\s+(type\s+)?(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*'([^']+)';/gm;

/** Every name each module is imported under, in `source`. */
function imports(source: string): Map<string, Set<string>> {
  const byModule = new Map<string, Set<string>>();
  for (const [, , defaultName, named, from] of source.matchAll(IMPORT)) {
    const names = byModule.get(from!) ?? new Set<string>();
    if (defaultName) names.add(defaultName);
    for (const name of (named ?? '').split(',')) {
      const bare = name.replace(/^\s*type\s+/, '').trim();
      if (bare) names.add(bare);
    }
    byModule.set(from!, names);
  }
  return byModule;
}

/** The code without its imports, blank lines and indentation. */
const statements = (code: string) =>
  code
    .replace(IMPORT, '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The copy of recipe `name` in the test file at `testFile` (its `import.meta.url`) is the README's. */
export function expectCopiedAsWritten(name: string, testFile: string): void {
  const source = readFileSync(new URL(testFile), 'utf8');
  const recipe = readmeRecipe(name);
  expect(statements(copiedRecipe(source, name))).toEqual(statements(recipe));
  const ours = imports(source);
  for (const [from, names] of imports(recipe)) {
    expect({ from, names: [...names].filter((n) => !ours.get(from)?.has(n)) }).toEqual({ from, names: [] });
  }
  expect(imports(recipe).size).toBeGreaterThan(0);
}
