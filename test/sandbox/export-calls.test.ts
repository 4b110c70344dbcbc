/**
 * `export` against the sandbox over loopback (issue 18): pages of 50, one call per PBX beyond the
 * lists (its customers), the trunk of a DID carried by several trunks read once for that PBX only,
 * and the same account read through injected faults (HTTP 500, GETs retried).
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportAccount } from '../../src/core/export/export.ts';
import { readAccount } from '../../src/core/export/account.ts';
import { validateFile } from '../../src/core/validate/validate-file.ts';
import { writeAccountState } from '../../bench/account-state.ts';
import { createInitialState } from '../../src/sandbox/fixtures.ts';
import { sandbox, ycmClient } from '../api/sandbox-fixture.ts';

const PBXS = 120;

function stateFile(count: number): { file: string; bound: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'export-calls-')), 'state.json');
  return { file, ...writeAccountState(file, count) };
}

describe('export against the sandbox', () => {
  it('reads 122 PBXs in pages of 50 with one customers call per PBX, and writes the template sheets', async () => {
    const { file, bound } = stateFile(PBXS);
    const sb = await sandbox({ stateFile: file });
    try {
      const out = join(mkdtempSync(join(tmpdir(), 'export-out-')), 'account.xlsx');
      const result = await exportAccount(ycmClient(sb), out, 'all');
      const calls = sb.stats().byEndpoint;
      expect(result.pbxs).toBe(PBXS + 2);
      expect(calls['GET /dm/open_api/v2/cloud_pbx/instances']).toBe(3);
      expect(calls['GET /dm/open_api/v1/cloud_pbx/instances/:id/customers']).toBe(PBXS + 2);
      expect(calls['GET /dm/open_api/v1/shared_trunk/pbx/used'] ?? 0).toBe(0);
      const perPbx = Object.entries(calls)
        .filter(([endpoint]) => endpoint.includes(':'))
        .reduce((n, [, c]) => n + c, 0);
      expect(perPbx).toBeLessThanOrEqual(PBXS + 2);
      // The fixture PBX with bindings, and every other bench PBX with one DID.
      expect(result.didRows).toBe(bound + 1);
      const read = await validateFile(out, { keepRecords: true });
      const pbxRows = read.records.filter((r) => r.kind === 'pbx');
      expect(pbxRows).toHaveLength(PBXS + 2);
      expect(pbxRows.find((r) => r.fields['subDomain'] === 'bench-7')?.fields).toMatchObject({
        name: 'Bench 7',
        domain: expect.any(String),
        plan: expect.any(String),
        extensionCapacity: expect.stringMatching(/^\d+$/),
      });
      // Nothing of an export is work to do; nothing secret is filled.
      expect(read.report.rows.every((r) => r.status === 'skipped')).toBe(true);
      expect(
        read.records.every(
          (r) => !r.fields['cloudPbxInitialConfigRequest.administratorSettings.newPassword'],
        ),
      ).toBe(true);
    } finally {
      await sb.close();
    }
  });

  it('places a DID carried by two trunks on the one assigned to its PBX, with one more call for that PBX only', async () => {
    // A bound DID of the fixtures given a second carrier, in the state file the sandbox loads.
    const state = createInitialState();
    const pbx = state.ycm.pbxs.find((p) => p.trunkDidRelations.length > 0);
    const relation = pbx?.trunkDidRelations[0];
    const didId = relation?.didIds[0];
    for (const d of state.ycm.dids) if (d.id === didId) d.trunkIds = [6681, 6682];
    const file = join(mkdtempSync(join(tmpdir(), 'export-calls-')), 'state.json');
    writeFileSync(file, JSON.stringify(state));
    const sb = await sandbox({ stateFile: file });
    try {
      const snapshot = await readAccount(ycmClient(sb));
      const placed = snapshot.pbxs.find((p) => p.cloudPbxId === pbx?.cloudPbxId);
      expect(didId).toBeDefined();
      expect(placed?.bindings.find((b) => b.dids.some((d) => d.id === didId))?.trunkId).toBe(
        relation?.trunkId,
      );
      expect(placed?.unplaced).toEqual([]);
      expect(sb.stats().byEndpoint['GET /dm/open_api/v1/shared_trunk/pbx/used']).toBe(1);
    } finally {
      await sb.close();
    }
  });

  it('reads the same account through injected HTTP 500s (every GET is retried)', async () => {
    const { file } = stateFile(30);
    const sb = await sandbox({ stateFile: file });
    try {
      const clean = await readAccount(ycmClient(sb));
      sb.setFaults({ error500: 0.3, seed: 18 });
      const faulty = await readAccount(ycmClient(sb));
      expect(sb.stats().faults.error500).toBeGreaterThan(5);
      expect(faulty).toEqual(clean);
    } finally {
      await sb.close();
    }
  });

  it('refuses a reply without its data (noData fault) with an error naming the call, and writes no file', async () => {
    const sb = await sandbox();
    try {
      sb.setFaults({ noData: 1, only: ['/customers'] });
      const out = join(mkdtempSync(join(tmpdir(), 'export-out-')), 'account.xlsx');
      await expect(exportAccount(ycmClient(sb), out, 'all')).rejects.toThrow(/customerIds|customers/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await sb.close();
    }
  });
});
