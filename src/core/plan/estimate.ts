/**
 * How long the vendor's token bucket lets a number of calls take (FACTS 1.4: burst, rate per
 * interval). With a full bucket the first `burst` calls go at once; every later `rate` calls wait
 * one interval.
 */
export interface BucketShape {
  burst: number;
  rate: number;
  intervalSeconds: number;
}

/** Seconds the bucket itself needs for `calls` requests starting full (the lower bound of a run). */
export function bucketSeconds(calls: number, bucket: BucketShape): number {
  if (calls <= bucket.burst) return 0;
  return ((calls - bucket.burst) / bucket.rate) * bucket.intervalSeconds;
}

/**
 * YCM's documented example limit (FACTS 1.4: burst 600, 300 more every 3 minutes). The tool paces
 * itself a little under it (src/api/pacing.ts); a live account's own limit is set by its superior.
 */
export const YCM_DOCUMENTED_BUCKET: BucketShape = { burst: 600, rate: 300, intervalSeconds: 180 };

/** `calls` YCM requests at the documented limit: its sustained rate and the seconds they take. */
export function documentedEstimate(calls: number): { requestsPerSecond: number; seconds: number } {
  const b = YCM_DOCUMENTED_BUCKET;
  return { requestsPerSecond: b.rate / b.intervalSeconds, seconds: bucketSeconds(calls, b) };
}

/** A short human duration: "0 s", "42 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
