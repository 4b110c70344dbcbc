import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec } from '../../src/sandbox/faults.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { createBody, ycmClient, ycmTokens } from './helpers.ts';

const open: Sandbox[] = [];
const dirs: string[] = [];
async function start(opts: Parameters<typeof startSandbox>[0]): Promise<Sandbox> {
  const sb = await startSandbox(opts);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('fault injection', () => {
  it('resetAfterCommit applies the create, then drops the connection without a reply', async () => {
    const sb = await start({ port: 0, faults: { resetAfterCommit: 1, only: ['/cloud_pbx/instances'] } });
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    await expect(ycm('POST', '/v1/cloud_pbx/instances', createBody())).rejects.toThrow();
    expect(sb.state().ycm.pbxs.map((p) => p.subDomain)).toContain('acme-hq');
    expect(sb.stats().faults.resetAfterCommit).toBe(1);
    // The paths outside `only` are untouched.
    expect((await ycm('GET', '/v1/cluster/regions')).body['status']).toBe('Success');
  });

  it('error500 answers 500 and applies nothing; token calls never get faults', async () => {
    const sb = await start({ port: 0, faults: { error500: 1 } });
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const r = await ycm('POST', '/v1/cloud_pbx/instances', createBody());
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ status: 'Failed', errorCode: 1000001 });
    expect(sb.state().ycm.pbxs).toHaveLength(2);
    expect(sb.stats().created.pbxs).toBe(0);
  });

  it('timeout applies the write and answers only after the configured delay', async () => {
    const sb = await start({ port: 0 });
    sb.setFaults({ timeout: 1, timeoutMs: 50, only: ['/capacity'] });
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const r = await ycm('PUT', '/v1/cloud_pbx/instances/42100/capacity', {
      extensionCapacity: 25,
      concurrentCallCapacity: 10,
      recordingStatus: 'Enabled',
      recordingCapacity: 100,
    });
    expect(r.body['status']).toBe('Success');
    expect(sb.stats().faults.timeout).toBe(1);
    expect(sb.state().ycm.pbxs.find((p) => p.cloudPbxId === 42100)?.extensionCapacity).toBe(25);
  });

  it('replays the same fault sequence for the same seed', async () => {
    const sb = await start({ port: 0, faults: { error500: 0.5, seed: 42 } });
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const run = async () => {
      const out: number[] = [];
      for (let i = 0; i < 8; i++) out.push((await ycm('GET', '/v1/cluster/regions')).status);
      return out;
    };
    const first = await run();
    sb.setFaults({ error500: 0.5, seed: 42 });
    expect(await run()).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  it('parses the CLI fault syntax', () => {
    expect(parseFaultSpec('resetAfterCommit=0.2,seed=7,only=/cloud_pbx|/order')).toEqual({
      resetAfterCommit: 0.2,
      seed: 7,
      only: ['/cloud_pbx', '/order'],
    });
    expect(parseFaultSpec('{"error500":0.1}')).toEqual({ error500: 0.1 });
    expect(() => parseFaultSpec('error500=2')).toThrow(/probability/);
  });
});

describe('--state persistence', () => {
  it('keeps created PBXs across a restart, without admin passwords in the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
    dirs.push(dir);
    const file = join(dir, 'state.json');
    const first = await startSandbox({ port: 0, stateFile: file });
    const ycm = ycmClient(first, (await ycmTokens(first)).access_token);
    const id = (
      (await ycm('POST', '/v1/cloud_pbx/instances', createBody())).body['data'] as { cloudPbxId: number }
    ).cloudPbxId;
    await first.close();
    expect(readFileSync(file, 'utf8')).not.toContain('Yeastar202');
    const second = await start({ port: 0, stateFile: file });
    const again = ycmClient(second, (await ycmTokens(second)).access_token);
    expect((await again('GET', `/v1/cloud_pbx/instances/${id}`)).body['data']).toMatchObject({
      url: 'acme-hq.yeastarcloud.com',
    });
    expect((await again('POST', '/v1/cloud_pbx/instances', createBody())).body).toMatchObject({
      errorCode: 1000007,
    });
  });
});
