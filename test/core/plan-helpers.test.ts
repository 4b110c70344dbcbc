import { describe, expect, it } from 'vitest';
import { bucketSeconds, formatDuration } from '../../src/core/plan/estimate.ts';
import { compareVersions, supports } from '../../src/api/firmware.ts';

describe('firmware gates', () => {
  it('compares versions numerically, not as text', () => {
    expect(compareVersions('84.19.0.110', '84.19.0.22')).toBe(1);
    expect(compareVersions('84.18.0.10', '84.19.0.22')).toBe(-1);
    expect(compareVersions('84.19.0.22', '84.19.0.22')).toBe(0);
  });

  it('allows DID binding from 84.19.0.22 and refuses it below', () => {
    expect(supports('84.19.0.22', 'didBinding')).toBe(true);
    expect(supports('84.21.0.70', 'didBinding')).toBe(true);
    expect(supports('84.18.0.10', 'didBinding')).toBe(false);
  });
});

describe('rate-limit estimate', () => {
  it('is zero while the calls fit in the burst', () => {
    expect(bucketSeconds(600, { burst: 600, rate: 300, intervalSeconds: 180 })).toBe(0);
  });

  it('adds one interval per `rate` calls past the burst (FACTS 1.4 example)', () => {
    expect(bucketSeconds(1200, { burst: 600, rate: 300, intervalSeconds: 180 })).toBe(360);
  });

  it('formats durations for people', () => {
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
  });
});
