import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/errors';
import { lazyModule, lazySchemas, prettifyZodError, zodParse } from '../../src/core/lazy';

describe('lazyModule', () => {
  it('imports once on the first load, shared by concurrent callers; ready() has it afterwards', async () => {
    const module = { value: 42 };
    const importModule = vi.fn(async () => module);
    const lazy = lazyModule('thing', importModule);
    expect(lazy.ready()).toBeUndefined();
    expect(importModule).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(module);
    expect(b).toBe(module);
    expect(lazy.ready()).toBe(module);
    await lazy.load();
    expect(importModule).toHaveBeenCalledTimes(1);
  });

  it('turns a failed import into a ConfigurationError naming the dependency, and tries again next time', async () => {
    const missing = Object.assign(new Error("Cannot find package 'ky'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const importModule = vi.fn().mockRejectedValueOnce(missing).mockResolvedValueOnce({ ok: true });
    const lazy = lazyModule<{ ok: boolean }>('ky', importModule);
    const error = await lazy.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).code).toBe('dependency_missing');
    expect((error as ConfigurationError).message).toContain('ky');
    expect(((error as ConfigurationError).cause as Error).message).toContain("Cannot find package 'ky'");
    expect(lazy.ready()).toBeUndefined();
    await expect(lazy.load()).resolves.toEqual({ ok: true });
    expect(importModule).toHaveBeenCalledTimes(2);
  });
});

describe('lazySchemas', () => {
  it('builds once from the loaded module, on the first load; ready() is undefined before', async () => {
    const zod = { tag: 'zod-subset' };
    const build = vi.fn((z: typeof zod) => ({ built: z.tag }));
    const schemas = lazySchemas(async () => zod, build);
    expect(schemas.ready()).toBeUndefined();
    expect(build).not.toHaveBeenCalled();
    const first = await schemas.load();
    expect(first).toEqual({ built: 'zod-subset' });
    expect(schemas.ready()).toBe(first);
    expect(await schemas.load()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });
});

describe('zodParse and prettifyZodError', () => {
  it('load zod on first use and give its English summary of a failed parse', async () => {
    const z = await zodParse.load();
    expect(zodParse.ready()).toBe(z);
    const { string } = await import('../../src/core/zod');
    const parsed = z.safeParse(string(), 5);
    expect(parsed.success).toBe(false);
    expect(await prettifyZodError(parsed.error!)).toBe('✖ Invalid input: expected string, received number');
  });
});
