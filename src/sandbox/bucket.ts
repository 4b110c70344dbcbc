/**
 * Token bucket per client id (FACTS 1.4): capacity `burst`, `rate` tokens added every
 * `intervalSeconds` (refilled continuously), one token per request. Empty bucket → 1000040.
 */
export interface RateConfig {
  burst: number;
  rate: number;
  intervalSeconds: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Per-client buckets sharing one configuration; `undefined` config = no limit. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: () => number,
    private config: RateConfig | undefined,
  ) {}

  /** Replaces the configuration; buckets start full again. */
  configure(config: RateConfig | undefined): void {
    this.config = config;
    this.buckets.clear();
  }

  /** Takes one token for the client; false when the bucket is empty. */
  take(clientId: string): boolean {
    const c = this.config;
    if (!c) return true;
    const now = this.clock();
    const b = this.buckets.get(clientId) ?? { tokens: c.burst, atMs: now };
    const refill = ((now - b.atMs) / 1000) * (c.rate / c.intervalSeconds);
    b.tokens = Math.min(c.burst, b.tokens + refill);
    b.atMs = now;
    this.buckets.set(clientId, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Parses `BURST/RATE/SECONDS` (e.g. `600/300/180`), the CLI's --rate syntax. */
export function parseRate(text: string): RateConfig {
  const parts = text.split('/').map((p) => Number(p));
  const [burst, rate, intervalSeconds] = parts;
  if (
    parts.length !== 3 ||
    burst === undefined ||
    rate === undefined ||
    intervalSeconds === undefined ||
    parts.some((n) => !Number.isFinite(n) || n <= 0)
  ) {
    throw new Error(`--rate expects BURST/RATE/SECONDS with positive numbers, got '${text}'`);
  }
  if (rate > burst) throw new Error(`--rate: RATE (${rate}) must not exceed BURST (${burst}) (FACTS 1.4)`);
  return { burst, rate, intervalSeconds };
}
