/**
 * The one request function under the three clients: Node's global fetch (undici, keep-alive by
 * default), a per-attempt timeout combined with the caller's AbortSignal, `User-Agent` on every
 * call (FACTS 1.1 and 2.1 require it), tolerant and lossless JSON (json.ts), pacing, and the retry rules:
 * - rate-limit replies are retried for any method (the vendor did not apply the request);
 * - network errors, timeouts and 5xx are retried only for idempotent requests (GET, absolute PUT,
 *   token calls), or when the connection failed before anything was sent;
 * - a non-idempotent write whose reply was lost becomes `AmbiguousWriteError`, never a retry.
 */
import { createRequire } from 'node:module';
import {
  AmbiguousWriteError,
  ApiError,
  NetworkError,
  RateLimitError,
  TargetConfigError,
  TimeoutError,
  collectSecrets,
  redact,
} from './errors.ts';
import type { ApiSystem } from './errors.ts';
import { parseVendorJson, stringifyVendorJson } from './json.ts';
import { backoffDelay, Pacer, sleep, type PacingOptions } from './pacing.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface HttpRequest {
  method: HttpMethod;
  /** Path under the base URL, without query string. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string>;
  /** Safe to send twice: GET (the default for GET), an absolute PUT, a token call. */
  idempotent?: boolean;
  /** Extra values to mask in error messages (secret values in the body are masked anyway). */
  secrets?: readonly string[];
  signal?: AbortSignal;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
}

export interface HttpStats {
  attempts: number;
  retries: number;
  rateLimited: number;
}

export interface HttpEvent {
  type: 'retry';
  system: ApiSystem;
  method: HttpMethod;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface HttpContext {
  system: ApiSystem;
  /** Validated by `checkBaseUrl`, no trailing slash. */
  baseUrl: string;
  pacer: Pacer;
  stats: HttpStats;
  onEvent?: (event: HttpEvent) => void;
}

/**
 * A client's context: its base URL checked (`label` names the setting in errors), a pacer of its
 * own and fresh counters.
 */
export function httpContext(
  system: ApiSystem,
  label: string,
  options: { baseUrl: string; pacing?: PacingOptions; onEvent?: (event: HttpEvent) => void },
): HttpContext {
  const ctx: HttpContext = {
    system,
    baseUrl: checkBaseUrl(options.baseUrl, label),
    pacer: new Pacer(options.pacing),
    stats: { attempts: 0, retries: 0, rateLimited: 0 },
  };
  if (options.onEvent) ctx.onEvent = options.onEvent;
  return ctx;
}

/** Turns a reply into a result, or throws the ApiError the vendor's envelope describes. */
export type Interpret<T> = (reply: HttpReply, request: HttpRequest) => T;

const pkg = createRequire(import.meta.url)('../../package.json') as { version?: string };
/** Sent on every call; YCM identifies the application by it (FACTS 1.1). */
export const USER_AGENT = `pbx-bulk-import/${pkg.version ?? '0.0.0'}`;

const LOOPBACK = new Set(['127.0.0.1', '[::1]', '::1', 'localhost']);
// Failures that happen before any byte of the request leaves: safe to retry for any method.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Validates a base URL: https, or http only to a loopback host (the sandbox). TLS verification is
 * never disabled by this code. Returns the URL without a trailing slash.
 */
export function checkBaseUrl(raw: string, variable: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetConfigError(`${variable} is not a valid URL.`);
  }
  if (url.username || url.password) throw new TargetConfigError(`${variable} must not contain credentials.`);
  if (url.search || url.hash)
    throw new TargetConfigError(`${variable} must not contain a query string or fragment.`);
  const loopback = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new TargetConfigError(
      `${variable} must use https:// (plain http is allowed only for 127.0.0.1, ::1 or localhost): got ${url.protocol}//${url.host}`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** Sends `request`, retrying per the rules above, and returns what `interpret` makes of the reply. */
export async function sendRequest<T>(
  ctx: HttpContext,
  request: HttpRequest,
  interpret: Interpret<T>,
): Promise<T> {
  const { backoff } = ctx.pacer;
  const idempotent = request.idempotent ?? request.method === 'GET';
  // Failed attempts other than rate limits (which have their own budget, rateLimitWaitMs).
  let failures = 0;
  let rateLimitWaited = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const reply = await ctx.pacer.schedule(() => attemptOnce(ctx, request, idempotent), request.signal);
      return interpret(reply, request);
    } catch (error) {
      request.signal?.throwIfAborted();
      if (!(error instanceof ApiError)) throw error;
      if (error instanceof RateLimitError) {
        ctx.stats.rateLimited++;
        ctx.pacer.bucket.drain();
      }
      const again =
        error instanceof RateLimitError ||
        (error.retryable &&
          (idempotent || (error instanceof NetworkError && !(error instanceof AmbiguousWriteError))));
      if (!again) throw error;
      const rateLimited = error instanceof RateLimitError;
      if (!rateLimited && ++failures >= backoff.maxAttempts) throw error;
      const retryAfter = rateLimited ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(Math.min(attempt, 30), backoff, retryAfter);
      if (rateLimited && (rateLimitWaited += delayMs) > backoff.rateLimitWaitMs) throw error;
      ctx.stats.retries++;
      if (rateLimited) ctx.pacer.onWait?.({ cause: 'rate-limited', waitMs: delayMs });
      ctx.onEvent?.({
        type: 'retry',
        system: ctx.system,
        method: request.method,
        path: request.path,
        attempt: attempt + 1,
        delayMs,
        reason: error.message,
      });
      await sleep(delayMs, request.signal);
    }
  }
}

async function attemptOnce(ctx: HttpContext, request: HttpRequest, idempotent: boolean): Promise<HttpReply> {
  ctx.stats.attempts++;
  const timeout = AbortSignal.timeout(ctx.pacer.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...request.headers,
    'User-Agent': USER_AGENT,
  };
  let body: string | undefined;
  if (request.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = stringifyVendorJson(request.json);
  } else if (request.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(request.form).toString();
  }
  const init: RequestInit = { method: request.method, headers, signal, redirect: 'error' };
  if (body !== undefined) init.body = body;
  try {
    const res = await fetch(buildUrl(ctx.baseUrl, request), init);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: parseJson(text) };
  } catch (error) {
    request.signal?.throwIfAborted();
    throw transportError(ctx, request, idempotent, error, timeout.aborted);
  }
}

function transportError(
  ctx: HttpContext,
  request: HttpRequest,
  idempotent: boolean,
  error: unknown,
  timedOut: boolean,
): ApiError {
  const base = { system: ctx.system, method: request.method, path: request.path, cause: error };
  const seconds = Math.round(ctx.pacer.timeoutMs / 100) / 10;
  const code = errorCode(error);
  if (timedOut) {
    if (idempotent)
      return new TimeoutError({ ...base, retryable: true, detail: `no reply within ${seconds} s` });
    return new AmbiguousWriteError({
      ...base,
      detail: `no reply within ${seconds} s; the request may have been applied, check before re-sending`,
    });
  }
  if (code && /CERT|TLS|SSL/i.test(code)) {
    return new NetworkError({ ...base, detail: `TLS certificate check failed (${code})` });
  }
  if (code && NOT_SENT.has(code))
    return new NetworkError({ ...base, retryable: true, detail: `cannot connect (${code})` });
  if (!idempotent) {
    return new AmbiguousWriteError({
      ...base,
      detail: `connection lost (${code ?? 'network error'}); the request may have been applied, check before re-sending`,
    });
  }
  const message = redact(error instanceof Error ? error.message : String(error), secretsOf(request));
  return new NetworkError({ ...base, retryable: true, detail: `connection failed (${code ?? message})` });
}

/** Values to mask in any error text for this request. */
export function secretsOf(request: HttpRequest): string[] {
  const found = collectSecrets(request.json);
  if (request.form) collectSecrets(request.form, found);
  return [...found, ...(request.secrets ?? [])];
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function buildUrl(baseUrl: string, request: HttpRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value === undefined) continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value)); // FACTS 1.6: comma-separated
  }
  const qs = params.toString();
  return `${baseUrl}${request.path}${qs ? `?${qs}` : ''}`;
}

/**
 * Lossless JSON parse (integers above 2^53 as bigint, json.ts) that returns undefined instead of
 * throwing (empty bodies, HTML error pages).
 */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return parseVendorJson(text);
  } catch {
    return undefined;
  }
}

/** A plain object view of a parsed body, or an empty object. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
