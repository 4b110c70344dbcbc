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

/** A short human duration: "0 s", "42 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
