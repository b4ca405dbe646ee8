/** What http.ts and error messages need of zod, loaded on first use (core/lazy.ts). */
export { prettifyError, safeParse } from './zod';
