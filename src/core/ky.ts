/** What http.ts uses of ky, loaded by the first request (core/http.ts). Named, so bundlers drop the rest of ky. */
export { default as ky, isHTTPError, isNetworkError, isTimeoutError } from 'ky';
