import { describe, expect, it } from 'vitest';
import {
  RateLimitError,
  TokenBucket,
  backoffDelay,
  createClients,
  parseRetryAfter,
  sandboxTargets,
  type PacingWait,
} from '../../src/api/index.ts';
import { hits, sandbox, ycmClient } from './sandbox-fixture.ts';

describe('token bucket', () => {
  it('lets the burst through at once, then makes the next caller wait for a refill', async () => {
    const bucket = new TokenBucket({ burst: 2, rate: 1, intervalSeconds: 3600 }, () => 0);
    await bucket.take();
    await bucket.take();
    expect(bucket.available()).toBe(0);
    const waiting = new AbortController();
    const third = bucket.take(waiting.signal);
    waiting.abort(new Error('run cancelled'));
    await expect(third).rejects.toThrow('run cancelled');
    expect(bucket.available()).toBe(0); // the cancelled caller gave its reservation back
  });

  it('refills at rate per interval up to the burst', async () => {
    let now = 0;
    const bucket = new TokenBucket({ burst: 600, rate: 300, intervalSeconds: 180 }, () => now);
    for (let i = 0; i < 600; i++) await bucket.take();
    now += 180_000;
    expect(bucket.available()).toBeCloseTo(300);
    now += 10 * 180_000;
    expect(bucket.available()).toBe(600);
  });

  it('rejects a bucket that could never hand out a token', () => {
    expect(() => new TokenBucket({ burst: 0, rate: 1, intervalSeconds: 1 })).toThrow(RangeError);
  });
});

describe('backoff', () => {
  it('waits at least as long as Retry-After says', () => {
    const options = { baseMs: 100, capMs: 1000, maxAttempts: 5, rateLimitWaitMs: 60_000 };
    expect(backoffDelay(0, options, 5000)).toBeGreaterThanOrEqual(5000);
    for (let attempt = 0; attempt < 10; attempt++)
      expect(backoffDelay(attempt, options)).toBeLessThanOrEqual(1000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('rate limiting against the sandbox', () => {
  it('recovers from 1000040 replies when the vendor bucket is tighter than ours', async () => {
    const sb = await sandbox({ rate: { burst: 3, rate: 6, intervalSeconds: 1 } });
    try {
      const ycm = ycmClient(sb, {
        pacing: {
          bucket: { burst: 100, rate: 100, intervalSeconds: 1 },
          concurrency: 4,
          // Two attempts for other failures: rate-limit replies do not use them up.
          backoff: { baseMs: 50, capMs: 400, maxAttempts: 2 },
        },
      });
      const results = await Promise.all(Array.from({ length: 10 }, () => ycm.regions()));
      expect(results.every((r) => r.length > 0)).toBe(true);
      const rejected = sb.stats().rateLimited;
      expect(rejected).toBeGreaterThan(0);
      expect(ycm.stats.rateLimited).toBe(rejected);
      expect(hits(sb, 'GET /dm/open_api/v1/cluster/regions')).toBeGreaterThan(10);
    } finally {
      await sb.close();
    }
  });

  it('gives up on rate-limit replies only after waiting out its rate-limit budget', async () => {
    const sb = await sandbox({ rate: { burst: 1, rate: 1, intervalSeconds: 3600 } });
    try {
      const ycm = ycmClient(sb, {
        pacing: {
          bucket: { burst: 100, rate: 100, intervalSeconds: 1 },
          backoff: { baseMs: 20, capMs: 40, maxAttempts: 2, rateLimitWaitMs: 300 },
        },
      });
      // The token request takes the vendor bucket's one token: every regions call is refused.
      await expect(ycm.regions()).rejects.toBeInstanceOf(RateLimitError);
      // More replies than the 2 attempts other failures get: only the wait budget ended it.
      expect(ycm.stats.rateLimited).toBeGreaterThan(2);
    } finally {
      await sb.close();
    }
  });

  it('sends nothing faster than its own bucket allows, so a matching vendor bucket never rejects', async () => {
    const sb = await sandbox({ rate: { burst: 3, rate: 6, intervalSeconds: 1 } });
    try {
      const ycm = ycmClient(sb, {
        pacing: { bucket: { burst: 3, rate: 4, intervalSeconds: 1 }, concurrency: 4 },
      });
      await Promise.all(Array.from({ length: 6 }, () => ycm.regions()));
      expect(sb.stats().rateLimited).toBe(0);
      expect(ycm.stats.rateLimited).toBe(0);
    } finally {
      await sb.close();
    }
  });

  it('says every rate-limit wait through onWait: its own bucket, and the vendor refusing', async () => {
    const sb = await sandbox({ rate: { burst: 3, rate: 6, intervalSeconds: 1 } });
    try {
      const ours: PacingWait[] = [];
      const own = ycmClient(sb, {
        pacing: { bucket: { burst: 2, rate: 10, intervalSeconds: 1 }, onWait: (w) => ours.push(w) },
      });
      await Promise.all(Array.from({ length: 4 }, () => own.regions()));
      const bucketWaits = ours.filter((w) => w.cause === 'bucket');
      expect(bucketWaits.length).toBeGreaterThan(0);
      // Each wait is what the refill of the tokens reserved before it takes (10 a second).
      expect(bucketWaits.every((w) => w.waitMs > 0 && w.waitMs <= 600)).toBe(true);

      const theirs: PacingWait[] = [];
      const tight = ycmClient(sb, {
        pacing: {
          bucket: { burst: 100, rate: 100, intervalSeconds: 1 },
          backoff: { baseMs: 50, capMs: 400 },
          onWait: (w) => theirs.push(w),
        },
      });
      await Promise.all(Array.from({ length: 8 }, () => tight.regions()));
      const refused = theirs.filter((w) => w.cause === 'rate-limited');
      expect(refused.length).toBe(tight.stats.rateLimited);
      expect(refused.length).toBeGreaterThan(0);
    } finally {
      await sb.close();
    }
  });

  it('a rate-limit reply with HTTP 429 and Retry-After is a RateLimitError carrying the wait', async () => {
    const sb = await sandbox({
      rate: { burst: 1, rate: 1, intervalSeconds: 3600 },
      assumptions: { rateLimitHttpStatus: 429, rateLimitRetryAfterSeconds: 7 },
    });
    try {
      const ycm = ycmClient(sb, { pacing: { backoff: { maxAttempts: 1, rateLimitWaitMs: 0 } } });
      const error = await ycm.regions().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).status).toBe(429);
      expect((error as RateLimitError).code).toBe(1000040);
      expect((error as RateLimitError).retryAfterMs).toBe(7000);
    } finally {
      await sb.close();
    }
  });

  it('createClients passes one wait listener to every system, naming the system', async () => {
    const sb = await sandbox({ rate: { burst: 3, rate: 6, intervalSeconds: 1 } });
    try {
      const waits: Array<PacingWait & { system: string }> = [];
      const { ycm } = createClients(sandboxTargets(sb), {
        ycm: {
          bucket: { burst: 2, rate: 20, intervalSeconds: 1 },
          concurrency: 4,
          backoff: { baseMs: 50, capMs: 200 },
        },
        onWait: (w) => waits.push(w),
      });
      await Promise.all(Array.from({ length: 8 }, () => ycm?.regions()));
      // Our bucket (burst 2) held requests back, and the vendor's (burst 3) refused some anyway.
      expect(waits.some((w) => w.cause === 'bucket' && w.waitMs > 0)).toBe(true);
      expect(waits.filter((w) => w.cause === 'rate-limited').length).toBe(sb.stats().rateLimited);
      expect(sb.stats().rateLimited).toBeGreaterThan(0);
      expect(waits.every((w) => w.system === 'ycm')).toBe(true);
    } finally {
      await sb.close();
    }
  });
});
