/**
 * The part of `fetch` the load generator uses. Passed in everywhere, so tests can hand in a fake
 * and nothing reaches for the global. (Bun's own `typeof fetch` also carries `preconnect`.)
 */
export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
