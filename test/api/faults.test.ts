import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AmbiguousWriteError, ServerError, TimeoutError } from '../../src/api/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { FAST_PACING, hits, pbxBody, sandbox, ycmClient } from './sandbox-fixture.ts';

const CREATE = 'POST /dm/open_api/v1/cloud_pbx/instances';
const REGIONS = 'GET /dm/open_api/v1/cluster/regions';

let sb: Sandbox;
beforeEach(async () => {
  sb = await sandbox();
});
afterEach(async () => {
  await sb.close();
});

function pbxsWithSubDomain(subDomain: string): number {
  return sb.state().ycm.pbxs.filter((p) => p.subDomain === subDomain).length;
}

describe('transient failures', () => {
  it('retries a GET that met injected HTTP 500s until it succeeds', async () => {
    const ycm = ycmClient(sb);
    await ycm.regions(); // token first, outside the faults
    sb.setFaults({ error500: 0.5, seed: 7, only: ['/cluster/regions'] });
    for (let i = 0; i < 10; i++) expect((await ycm.regions()).length).toBeGreaterThan(0);
    const injected = sb.stats().faults.error500;
    expect(injected).toBeGreaterThan(0);
    expect(ycm.stats.retries).toBe(injected);
  });

  it('retries a GET whose connection was reset', async () => {
    const ycm = ycmClient(sb);
    await ycm.regions();
    sb.setFaults({ resetAfterCommit: 0.5, seed: 3, only: ['/cluster/regions'] });
    for (let i = 0; i < 6; i++) expect((await ycm.regions()).length).toBeGreaterThan(0);
    expect(sb.stats().faults.resetAfterCommit).toBeGreaterThan(0);
  });

  it('gives up on a GET after the configured attempts with a ServerError', async () => {
    const ycm = ycmClient(sb, {
      pacing: { ...FAST_PACING, backoff: { baseMs: 1, capMs: 5, maxAttempts: 3 } },
    });
    await ycm.regions();
    sb.setFaults({ error500: 1, only: ['/cluster/regions'] });
    const before = hits(sb, REGIONS);
    await expect(ycm.regions()).rejects.toBeInstanceOf(ServerError);
    expect(hits(sb, REGIONS) - before).toBe(3);
  });

  it('times out a slow GET, then succeeds on the retry', async () => {
    const ycm = ycmClient(sb, { pacing: { ...FAST_PACING, timeoutMs: 300 } });
    await ycm.regions();
    sb.setFaults({ timeout: 1, timeoutMs: 2000, only: ['/cluster/regions'] });
    const slow = ycm.regions();
    // The fault spec applies to every attempt, so the first attempts time out; lift it meanwhile.
    setTimeout(() => sb.setFaults({}), 500);
    expect((await slow).length).toBeGreaterThan(0);
    expect(ycm.stats.retries).toBeGreaterThan(0);
  });

  it('a GET that keeps timing out ends in a TimeoutError', async () => {
    const ycm = ycmClient(sb, {
      pacing: { ...FAST_PACING, timeoutMs: 200, backoff: { baseMs: 1, capMs: 5, maxAttempts: 2 } },
    });
    await ycm.regions();
    sb.setFaults({ timeout: 1, timeoutMs: 2000, only: ['/cluster/regions'] });
    await expect(ycm.regions()).rejects.toBeInstanceOf(TimeoutError);
  });
});

describe('writes that may have been applied are never re-sent', () => {
  it('a create whose connection is reset after commit is an AmbiguousWriteError and exactly one PBX exists', async () => {
    const ycm = ycmClient(sb);
    await ycm.regions();
    sb.setFaults({ resetAfterCommit: 1, only: ['/v1/cloud_pbx/instances'] });
    const error = await ycm.createCloudPbx(pbxBody('reset-co')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    expect((error as AmbiguousWriteError).message).toContain(
      'YCM POST /dm/open_api/v1/cloud_pbx/instances failed',
    );
    expect(hits(sb, CREATE)).toBe(1);
    sb.setFaults({});
    expect(pbxsWithSubDomain('reset-co')).toBe(1);
    expect((await ycm.findAllCloudPbxs({ search: 'reset-co' })).length).toBe(1);
  });

  it('a create whose reply comes after the timeout is an AmbiguousWriteError, sent once', async () => {
    const ycm = ycmClient(sb, { pacing: { ...FAST_PACING, timeoutMs: 300 } });
    await ycm.regions();
    sb.setFaults({ timeout: 1, timeoutMs: 1500, only: ['/v1/cloud_pbx/instances'] });
    await expect(ycm.createCloudPbx(pbxBody('slow-co'))).rejects.toBeInstanceOf(AmbiguousWriteError);
    expect(hits(sb, CREATE)).toBe(1);
    expect(pbxsWithSubDomain('slow-co')).toBe(1);
  });

  it('a create answered by HTTP 500 is reported, not retried', async () => {
    const ycm = ycmClient(sb);
    await ycm.regions();
    sb.setFaults({ error500: 1, only: ['/v1/cloud_pbx/instances'] });
    await expect(ycm.createCloudPbx(pbxBody('err-co'))).rejects.toBeInstanceOf(ServerError);
    expect(hits(sb, CREATE)).toBe(1);
    expect(pbxsWithSubDomain('err-co')).toBe(0);
  });

  it('a caller abort stops the call with the caller reason, not an ApiError', async () => {
    const ycm = ycmClient(sb);
    await ycm.regions();
    sb.setFaults({ timeout: 1, timeoutMs: 2000, only: ['/cluster/regions'] });
    const controller = new AbortController();
    const pending = ycm.regions(controller.signal);
    setTimeout(() => controller.abort(new Error('user cancelled')), 100);
    await expect(pending).rejects.toThrow('user cancelled');
  });
});
