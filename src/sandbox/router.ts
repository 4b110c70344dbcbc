/**
 * Route table types and matching. Each system's routes live in its own file and share one
 * request context; the route's `pattern` (e.g. `/dm/open_api/v1/cloud_pbx/instances/:id`) is also
 * the key under which stats() counts calls.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Assumptions } from './assumptions.ts';
import type { TokenAuthority } from './auth.ts';
import type { Reply } from './envelopes.ts';
import type { StateStore } from './state.ts';

export type System = 'ycm' | 'pp' | 'mr';

/** What every handler can use: the store, the assumptions, the clock and the tokens. */
export interface SandboxEnv {
  store: StateStore;
  a: Assumptions;
  tokens: TokenAuthority;
  clock: () => number;
  created: { pbxs: number; orders: number; profiles: number };
  /** e.g. http://127.0.0.1:PORT (used in MyReports Location headers). */
  baseUrl: () => string;
}

export interface RequestContext {
  env: SandboxEnv;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (integers beyond 2^53 arrive as digit strings), or undefined. */
  body: unknown;
  /** Parsed form body for x-www-form-urlencoded requests, or null. */
  form: URLSearchParams | null;
  /** Authenticated client id (YCM/PP), or null. */
  clientId: string | null;
  nowMs: number;
}

export interface Route {
  system: System;
  method: string;
  pattern: string;
  /** Token endpoints: no bearer token, no faults. */
  tokenCall?: boolean;
  regex: RegExp;
  keys: string[];
  handle: (ctx: RequestContext) => Reply;
}

/** Declares a route; `:name` segments become params. */
export function route(
  system: System,
  method: string,
  pattern: string,
  handle: Route['handle'],
  tokenCall = false,
): Route {
  const keys: string[] = [];
  const source = pattern.replace(/:([A-Za-z]+)/g, (_, k: string) => {
    keys.push(k);
    return '([^/]+)';
  });
  const r: Route = { system, method, pattern, regex: new RegExp(`^${source}/?$`), keys, handle };
  if (tokenCall) r.tokenCall = true;
  return r;
}

/** Finds the route for a path; `methodMismatch` when the path exists with another method. */
export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | 'methodMismatch' | null {
  let mismatch = false;
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    if (r.method !== method) {
      mismatch = true;
      continue;
    }
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
    return { route: r, params };
  }
  return mismatch ? 'methodMismatch' : null;
}

/** Which system a path belongs to, by its documented prefix (FACTS 1.1, 2.1, 3.1). */
export function systemOf(path: string): System | null {
  if (path.startsWith('/dm/open_api/')) return 'ycm';
  if (path.startsWith('/api/')) return 'mr';
  if (/^\/(auth|pricing|product|user|order)\/openapi\//.test(path)) return 'pp';
  return null;
}
