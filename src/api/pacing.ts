/**
 * Client-side pacing: a token bucket mirroring the vendor's (FACTS 1.4: burst, rate per interval,
 * per client id), a concurrency cap (p-limit), and full-jitter exponential backoff that honours
 * Retry-After. The bucket keeps the client under the limit; backoff recovers when the limit is hit
 * anyway (another tool sharing the client id, a smaller limit than configured).
 */
import pLimit from 'p-limit';
import type { LimitFunction } from 'p-limit';

export interface BucketOptions {
  /** Bucket capacity: requests that may go at once. */
  burst: number;
  /** Tokens added per interval. */
  rate: number;
  intervalSeconds: number;
}

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** Attempts in total, the first one included; rate-limit replies do not count (below). */
  maxAttempts: number;
  /**
   * How long one request may wait out rate-limit replies (1000040, 429) before it fails. They
   * say the request was not applied, so waiting is always safe: an account whose real limit is
   * below the bucket's setting slows down instead of failing go-live rows.
   */
  rateLimitWaitMs: number;
}

/** A wait the pacing puts a request through, for whoever shows progress (the CLI, the app). */
export interface PacingWait {
  /** 'bucket': our own token bucket is empty; 'rate-limited': the vendor said its limit was hit. */
  cause: 'bucket' | 'rate-limited';
  waitMs: number;
}

export interface PacingOptions {
  /** Called when a request starts waiting for the rate limit (never for the concurrency cap). */
  onWait?: (wait: PacingWait) => void;
  bucket?: BucketOptions;
  concurrency?: number;
  backoff?: Partial<BackoffOptions>;
  /** Per-attempt timeout of one HTTP call. */
  timeoutMs?: number;
}

/**
 * Defaults under YCM's documented example (burst 600, rate 300 per 3 min, FACTS 1.4) with a margin,
 * because the real limit of an account is set by its superior and the bucket may be shared.
 */
export const DEFAULT_BUCKET: BucketOptions = { burst: 500, rate: 250, intervalSeconds: 180 };
export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 500,
  capMs: 30_000,
  maxAttempts: 6,
  rateLimitWaitMs: 15 * 60_000,
};
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * A token bucket with continuous refill. `take` reserves a token at once (the balance may go
 * negative) and waits for the refill that pays it back, so waiters are served in call order.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly perMs: number;

  constructor(
    readonly options: BucketOptions,
    private readonly now: () => number = Date.now,
  ) {
    if (!(options.burst >= 1 && options.rate > 0 && options.intervalSeconds > 0)) {
      throw new RangeError('Token bucket needs burst >= 1, rate > 0 and intervalSeconds > 0');
    }
    this.tokens = options.burst;
    this.last = now();
    this.perMs = options.rate / (options.intervalSeconds * 1000);
  }

  /** Waits until a token is available, then consumes it. Rejects with the signal's reason on abort. */
  async take(signal?: AbortSignal, onWait?: (wait: PacingWait) => void): Promise<void> {
    signal?.throwIfAborted();
    this.refill();
    this.tokens -= 1;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil(-this.tokens / this.perMs);
    onWait?.({ cause: 'bucket', waitMs });
    try {
      await sleep(waitMs, signal);
    } catch (error) {
      this.tokens += 1; // give the reservation back
      throw error;
    }
  }

  /** Tokens available now (may be negative while callers wait). */
  available(): number {
    this.refill();
    return this.tokens;
  }

  /** The vendor said the bucket is empty: stop sending until our own bucket refills a token. */
  drain(): void {
    this.refill();
    if (this.tokens > 0) this.tokens = 0;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
  }
}

/** Bucket + concurrency for one client; every HTTP attempt runs through `schedule`. */
export class Pacer {
  readonly bucket: TokenBucket;
  readonly backoff: BackoffOptions;
  readonly timeoutMs: number;
  readonly onWait: ((wait: PacingWait) => void) | undefined;
  private readonly limit: LimitFunction;

  constructor(options: PacingOptions = {}) {
    this.onWait = options.onWait;
    this.bucket = new TokenBucket(options.bucket ?? DEFAULT_BUCKET);
    this.limit = pLimit(Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Runs `fn` when a concurrency slot and a bucket token are both available. */
  schedule<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      await this.bucket.take(signal, this.onWait);
      return fn();
    });
  }
}

/**
 * Full-jitter backoff (a random delay in [0, min(cap, base * 2^attempt)]), or Retry-After when the
 * vendor gave one (never less than it says). `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, retryAfterMs?: number): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** attempt);
  const jitter = Math.random() * ceiling;
  // Honour the vendor's wait in full (bounded against absurd values), plus a little jitter so
  // concurrent callers do not return in lockstep.
  if (retryAfterMs !== undefined)
    return Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS) + jitter / 10;
  return jitter;
}

/** Milliseconds from a Retry-After header (delta-seconds or HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
