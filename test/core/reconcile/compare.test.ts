/** Reconcile's comparisons (issue 18): fields, customers, DID bindings by mode and as a whole. */
import { describe, expect, it } from 'vitest';
import { compareDidRow, compareFullBindings } from '../../../src/core/reconcile/bindings.ts';
import { comparePbx } from '../../../src/core/reconcile/compare-pbx.ts';
import { applyExpansions, compareExpansion } from '../../../src/core/reconcile/expansions.ts';
import { compareRows, type SheetRow } from '../../../src/core/reconcile/reconcile.ts';
import { accountPbx } from '../export/account-pbx.ts';

describe('comparePbx', () => {
  it('names each field that differs with both values, ignoring case where YCM does', () => {
    const diffs = comparePbx(
      { extensionCapacity: '50', region: 'eu (frankfurt)', plan: 'Enterprise Plan', im: 'Enabled' },
      accountPbx(),
    );
    expect(diffs.map((d) => d.message)).toEqual([
      'Extensions: sheet 50, account 40',
      'Internal chat: sheet Enabled, account Disabled',
    ]);
  });
  it('compares customers as sets, by ID or by email', () => {
    expect(comparePbx({ customerEmails: 'B@acme.example; a@acme.example' }, accountPbx())).toEqual([]);
    const [diff] = comparePbx({ customerIds: '50001, 50003' }, accountPbx());
    expect(diff?.kind).toBe('customers');
    expect(diff?.message).toContain('added on the account 50002');
    expect(diff?.message).toContain('not on the account 50003');
  });
  it('leaves columns the row does not fill alone', () => {
    expect(comparePbx({}, accountPbx())).toEqual([]);
  });
});

describe('DID bindings', () => {
  const pbx = accountPbx({
    bindings: [
      {
        trunkId: 6681,
        dids: [
          { id: 1001, did: '+12025550101' },
          { id: 1002, did: '+12025550102' },
        ],
      },
    ],
  });
  it('add: the listed DIDs are bound on that trunk; others may be too', () => {
    expect(compareDidRow({ trunkId: '6681', dids: '+12025550101', mode: 'add' }, pbx)).toEqual([]);
    expect(compareDidRow({ trunkId: '6681', dids: '+12025550109' }, pbx)[0]?.message).toBe(
      'DIDs: not bound on the account +12025550109',
    );
    expect(compareDidRow({ trunkId: '6682', dids: '+12025550101' }, pbx)[0]?.message).toContain(
      'on another trunk',
    );
  });
  it('replace, remove and remove-all', () => {
    expect(compareDidRow({ trunkId: '6681', dids: '+12025550101', mode: 'replace' }, pbx)[0]?.message).toBe(
      'DIDs: added on the account +12025550102',
    );
    expect(compareDidRow({ didIds: '1002', mode: 'remove' }, pbx)[0]?.message).toBe(
      'DIDs: still bound on the account +12025550102',
    );
    expect(compareDidRow({ dids: '+12025550109', mode: 'remove' }, pbx)).toEqual([]);
    expect(compareDidRow({ mode: 'remove-all' }, pbx)[0]?.message).toBe(
      'DIDs: still bound on the account +12025550101, +12025550102',
    );
  });
  it("an export's rows are the PBX's complete bindings", () => {
    expect(compareFullBindings([{ trunkId: '6681', dids: '+12025550101, +12025550102' }], pbx)).toEqual([]);
    expect(compareFullBindings([], pbx)[0]?.message).toBe(
      'DIDs: added on the account +12025550101, +12025550102',
    );
  });
});

describe('compareRows', () => {
  const row = (over: Partial<SheetRow>): SheetRow => ({
    sheet: 'PBX',
    row: 2,
    kind: 'pbx',
    fields: {},
    exported: false,
    ...over,
  });
  it('finds missing rows, drift and PBXs no row names', () => {
    const snapshot = {
      pbxs: [
        accountPbx(),
        accountPbx({ cloudPbxId: 42101, subDomain: 'other', url: 'other.eu.yeastarcloud.com', bindings: [] }),
      ],
      withBindings: true,
      withCustomers: true,
    };
    const result = compareRows(
      [
        row({ fields: { subDomain: 'acme', extensionCapacity: '40' } }),
        row({ row: 3, fields: { subDomain: 'nobody' } }),
        row({ row: 4, cloudPbxId: '99', exported: true }),
      ],
      snapshot,
      'x.xlsx',
    );
    expect(result.rows.map((r) => r.outcome)).toEqual(['matches', 'missing', 'missing']);
    expect(result.rows[1]?.note).toContain("subdomain 'nobody'");
    expect(result.extra.map((p) => p.cloudPbxId)).toEqual([42101]);
  });
  it('puts a binding made since the export on the exported PBX row when it had no DID row', () => {
    const snapshot = { pbxs: [accountPbx()], withBindings: true, withCustomers: true };
    const rows = [row({ cloudPbxId: '42100', exported: true, fields: { subDomain: 'acme' } })];
    const result = compareRows(rows, snapshot, 'x.xlsx', { exportedDidSheet: true });
    expect(result.rows[0]?.outcome).toBe('drifted');
    expect(result.rows[0]?.differences[0]?.message).toBe('DIDs: added on the account +12025550101');
    // An export of the PBX sheet alone (--kind pbx) says nothing of bindings.
    expect(compareRows(rows, snapshot, 'x.xlsx').rows[0]?.outcome).toBe('matches');
  });
});

describe('Expansions in a reconcile', () => {
  it("applies the workbook's expansions to its PBX row in sheet order: resize sets, an order (the default) adds", () => {
    const expanded = applyExpansions({ extensionCapacity: '20', recordingCapacity: '0' }, [
      { fields: { method: 'resize', extensionCapacity: '30', recordingCapacity: '100' } },
      { fields: { addExtensions: '10' } },
    ]);
    expect(expanded).toMatchObject({ extensionCapacity: '40', recordingCapacity: '100' });
    expect(comparePbx(expanded, accountPbx())).toEqual([]);
  });
  it('compares a resize of a PBX the workbook has no row for; says why an order is not compared', () => {
    const resize = compareExpansion({ method: 'resize', extensionCapacity: '45' }, accountPbx(), undefined);
    expect(resize.differences.map((d) => d.message)).toEqual(['Extensions: sheet 45, account 40']);
    expect(compareExpansion({ addExtensions: '5' }, accountPbx(), undefined).note).toMatch(/not compared/);
    expect(compareExpansion({ method: 'resize' }, accountPbx(), "sheet 'PBX' row 2").note).toMatch(
      /PBX's row/,
    );
  });
});
