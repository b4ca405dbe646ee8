/**
 * The examples run as files under Node's type stripping (`node examples/express.ts`), which accepts
 * only erasable TypeScript, and they import paybridge by its public names, as an application would.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { describe, expect, it } from 'vitest';

const runnable = ['express.ts', 'fastify.ts', 'hono.ts', 'node-http.ts'];
const files = [...runnable, 'nextjs/app/api/webhooks/moneyhash/route.ts', 'nextjs/lib/orders.ts'];
const read = (file: string) => readFileSync(new URL(`../../examples/${file}`, import.meta.url), 'utf8');
const specifiers = (source: string) =>
  [...source.matchAll(/^import[^;]*? from '([^']+)';$/gms)].map((m) => m[1]!);

describe('examples as files', () => {
  it.each(files)('%s is erasable TypeScript: stripping keeps every line in place', (file) => {
    const source = read(file);
    const stripped = stripTypeScriptTypes(source, { mode: 'strip' });
    expect(stripped.split('\n')).toHaveLength(source.split('\n').length);
    expect(stripped).not.toMatch(/\binterface\s+\w+\s*\{/);
  });

  it.each(files)('%s imports paybridge by its public names, never its sources', (file) => {
    const imports = specifiers(read(file));
    expect(imports.filter((s) => s.startsWith('paybridge')).length).toBeGreaterThan(0);
    expect(imports.filter((s) => s.includes('/src/') || s.startsWith('../../src'))).toEqual([]);
  });

  it.each(runnable)('%s listens on PORT (default 3000) only when run directly', (file) => {
    const source = read(file);
    expect(source).toContain('if (import.meta.main) {');
    expect(source).toContain('Number(process.env.PORT ?? 3000)');
  });
});
