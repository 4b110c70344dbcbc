/**
 * Issue 18, done when: against the sandbox over loopback, a run of the sample, then `export`, then
 * `reconcile` of the export reports everything as matching; the export fed to `run` creates
 * nothing and says why row by row; after a DID is bound and a capacity changed directly on the
 * sandbox, `reconcile` names exactly those two differences.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ReconcileResult } from '../../src/core/reconcile/types.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import type { Report } from '../../src/shared/types.ts';
import { captureIo } from '../helpers/cli.ts';
import { ycmClient, ycmTokens } from '../sandbox/helpers.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Binds one free DID to a PBX that has none, and adds 5 extensions to another; directly on the sandbox. */
async function changeByHand(
  stateFile: string,
): Promise<{ did: string; pbxWithDid: number; resized: number; extensions: number }> {
  const sb = await startSandbox({ port: 0, stateFile });
  try {
    const { access_token } = await ycmTokens(sb);
    const ycm = ycmClient(sb, access_token);
    const pbxs = sb.state().ycm.pbxs.filter((p) => p.pbxStatus === 'Running');
    let bound: { did: string; pbxWithDid: number } | undefined;
    const tried: string[] = [];
    for (const pbx of pbxs) {
      for (const trunkId of [6681, 6682]) {
        const usable = await ycm(
          'GET',
          `/v1/did_management/usable?trunkId=${trunkId}&cloudPbxId=${pbx.cloudPbxId}`,
        );
        const held = new Set(pbx.trunkDidRelations.flatMap((r) => r.didIds));
        const free = (usable.body['data'] as { id: number; did: string }[] | undefined)?.find(
          (d) => !held.has(d.id),
        );
        if (usable.body['status'] !== 'Success' || !free) {
          tried.push(usable.text);
          continue;
        }
        // The PUT replaces every binding (FACTS 1.8.O): the PBX's own are sent again, plus the new one.
        const others = pbx.trunkDidRelations.filter((r) => r.trunkId !== trunkId);
        const same = pbx.trunkDidRelations.find((r) => r.trunkId === trunkId)?.didIds ?? [];
        const put = await ycm('PUT', `/v1/cloud_pbx/instances/${pbx.cloudPbxId}/did`, {
          trunkDidRelations: [...others, { trunkId, didIds: [...same, free.id] }],
        });
        tried.push(put.text);
        if (put.body['status'] !== 'Success') continue;
        bound = { did: free.did, pbxWithDid: pbx.cloudPbxId };
        break;
      }
      if (bound) break;
    }
    if (!bound) throw new Error(`no PBX to bind a DID to: ${tried.join(' | ')}`);
    const other = pbxs.find((p) => p.cloudPbxId !== bound?.pbxWithDid);
    if (!other) throw new Error('no second PBX');
    const extensions = other.extensionCapacity + 5;
    const resized = await ycm('PUT', `/v1/cloud_pbx/instances/${other.cloudPbxId}/capacity`, {
      extensionCapacity: extensions,
      concurrentCallCapacity: other.concurrentCallCapacity,
      recordingStatus: other.recordingStatus,
      recordingCapacity: other.recordingCapacity,
    });
    expect(resized.body['status']).toBe('Success');
    return { ...bound, resized: other.cloudPbxId, extensions };
  } finally {
    await sb.close();
  }
}

describe('export and reconcile against the sandbox', () => {
  it('round-trips the account, then names exactly the two changes made by hand', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
    const home = join(dir, 'home');
    copyFileSync(SAMPLE, join(dir, 'sample.xlsx'));
    const io = () => captureIo({ env: { PBX_BULK_HOME: home }, cwd: dir });
    // The sample has two invalid rows on purpose: exit 1, the rest created.
    expect(await main(['run', 'sample.xlsx', '--yes'], io())).toBe(1);

    const exported = io();
    expect(await main(['export', '--out', 'account.xlsx'], exported)).toBe(0);
    expect(exported.out()).toMatch(/Exported 5 Cloud PBXs and \d+ DID binding rows? from SANDBOX/);

    const matching = io();
    expect(await main(['reconcile', 'account.xlsx', '--report', 'same.json'], matching)).toBe(0);
    expect(matching.out()).toContain('Everything matches.');
    const same = readJson<ReconcileResult>(join(dir, 'same.json'));
    expect(same.rows.length).toBeGreaterThan(5);
    expect(same.rows.every((r) => r.outcome === 'matches')).toBe(true);
    expect(same.extra).toEqual([]);

    // The export fed to run: every row is an existing PBX or binding; nothing is sent.
    const before = readJson<{ ycm: { pbxs: unknown[] } }>(join(home, 'sandbox-state.json')).ycm.pbxs.length;
    const rerun = io();
    expect(await main(['run', 'account.xlsx', '--yes', '--report', 'rerun.json'], rerun)).toBe(0);
    const report = readJson<Report>(join(dir, 'rerun.json'));
    expect(report.rows.every((r) => r.status === 'skipped')).toBe(true);
    expect(report.rows.every((r) => r.messages.some((m) => m.reason === 'already-exists'))).toBe(true);
    expect(report.rows.find((r) => r.kind === 'pbx')?.messages[0]?.message).toMatch(
      /exists on the account already/,
    );
    expect(readJson<{ ycm: { pbxs: unknown[] } }>(join(home, 'sandbox-state.json')).ycm.pbxs.length).toBe(
      before,
    );

    const change = await changeByHand(join(home, 'sandbox-state.json'));
    const drifted = io();
    expect(await main(['reconcile', 'account.xlsx', '--report', 'drift.json'], drifted)).toBe(1);
    const drift = readJson<ReconcileResult>(join(dir, 'drift.json'));
    const differences = drift.rows.flatMap((r) => r.differences.map((d) => ({ ...d, pbx: r.cloudPbxId })));
    expect(differences).toHaveLength(2);
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'field',
        column: 'Extensions',
        onAccount: String(change.extensions),
        pbx: change.resized,
      }),
    );
    expect(differences).toContainEqual(
      expect.objectContaining({
        kind: 'dids',
        message: `DIDs: added on the account ${change.did}`,
        pbx: change.pbxWithDid,
      }),
    );
    expect(drift.rows.filter((r) => r.outcome !== 'matches')).toHaveLength(2);
    expect(drift.extra).toEqual([]);
    expect(drifted.out()).toMatch(/Extensions: sheet \d+, account \d+/);
  });

  it("reconciles the sample's result report: its two invalid rows missing, the fixtures extra, the rest matching", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-reconcile-'));
    copyFileSync(SAMPLE, join(dir, 'sample.xlsx'));
    const io = () => captureIo({ env: { PBX_BULK_HOME: join(dir, 'home') }, cwd: dir });
    expect(await main(['run', 'sample.xlsx', '--yes'], io())).toBe(1);
    const out = io();
    expect(await main(['reconcile', 'sample.result.xlsx', '--report', 'r.xlsx'], out)).toBe(1);
    expect(out.out()).toMatch(/row 4: missing: No Cloud PBX with subdomain 'initech'/);
    expect(out.out()).toMatch(/5 matches, 2 missing, 3 not-compared; 2 extra PBXs/);
    expect(out.out()).not.toContain('drifted');
  });

  it('exits 2 for a file it cannot use and for bad options, before reading the account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-reconcile-'));
    const io = captureIo({ env: { PBX_BULK_HOME: join(dir, 'home') }, cwd: dir });
    expect(await main(['reconcile', 'nope.xlsx'], io)).toBe(2);
    expect(io.err()).toMatch(/nope\.xlsx/);
    const bad = captureIo({ env: { PBX_BULK_HOME: join(dir, 'home') }, cwd: dir });
    expect(await main(['export', '--out', 'x.txt'], bad)).toBe(2);
    expect(await main(['export', '--out', 'x.xlsx', '--kind', 'expansion'], bad)).toBe(2);
    expect(bad.err()).toContain('--kind must be one of pbx, did, all');
    expect(bad.err()).not.toContain('SANDBOX');
  });
});
