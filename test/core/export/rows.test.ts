/** The account as template rows, and the export's read-only columns read back (issue 18). */
import { describe, expect, it } from 'vitest';
import { splitUrl } from '../../../src/core/export/account.ts';
import { accountPbx } from './account-pbx.ts';
import { didRows, pbxRow } from '../../../src/core/export/rows.ts';
import { csvSheet } from '../../../src/core/export/write-export.ts';
import { exportedRowCheck, isExportColumn } from '../../../src/core/validate/exported-rows.ts';

describe('splitUrl', () => {
  it('takes the longest domain of the account the URL ends with', () => {
    const domains = [{ domain: 'yeastarcloud.com' }, { domain: 'eu.yeastarcloud.com' }];
    expect(splitUrl('acme.eu.yeastarcloud.com', domains)).toEqual({
      subDomain: 'acme',
      domain: 'eu.yeastarcloud.com',
    });
    expect(splitUrl('a-b.c.yeastarcloud.com', domains)).toEqual({
      subDomain: 'a-b.c',
      domain: 'yeastarcloud.com',
    });
  });
  it('falls back on the first label when no domain of the account matches', () => {
    expect(splitUrl('acme.other.example', [])).toEqual({ subDomain: 'acme', domain: 'other.example' });
  });
});

describe('export rows', () => {
  it('fills the template fields the list documents and the read-only columns, no secret', () => {
    const row = pbxRow(accountPbx());
    expect(row.fields).toMatchObject({
      name: 'Acme',
      subDomain: 'acme',
      domain: 'eu.yeastarcloud.com',
      extensionCapacity: '40',
      customerIds: '50001, 50002',
      customerEmails: 'a@acme.example, b@acme.example',
      upgradeInPbx: 'Enabled',
    });
    expect(Object.keys(row.fields).some((k) => k.startsWith('cloudPbxInitialConfigRequest'))).toBe(false);
    expect(row.readOnly).toEqual({
      'Cloud PBX ID': '42100',
      SN: '3658B4311197XXXX',
      URL: 'acme.eu.yeastarcloud.com',
      Status: 'Running',
    });
  });

  it('writes one DID Bindings row per trunk, marked bound, and says why a DID has no trunk', () => {
    const rows = didRows(
      accountPbx({ unplaced: [{ id: 1005, did: '+12025550105', reason: 'YCM lists no trunk for it' }] }),
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]?.fields).toMatchObject({
      'pbx.cloudPbxId': '42100',
      trunkId: '6681',
      trunk: 'US_A1B2C3',
      dids: '+12025550101',
      mode: 'add',
    });
    expect(rows[0]?.readOnly).toEqual({ Status: 'bound' });
    expect(rows[1]?.fields['trunkId']).toBeUndefined();
    expect(rows[1]?.readOnly['Status']).toContain('+12025550105 YCM lists no trunk for it');
  });

  it('makes every CSV cell safe in Excel and adds the read-only headers after the template labels', () => {
    const text = csvSheet('pbx', [pbxRow(accountPbx({ name: '=HYPERLINK("x")' }))]);
    const [header, line] = text.replace(/^\ufeff/, '').split('\r\n');
    expect(header?.endsWith('Cloud PBX ID,SN,URL,Status')).toBe(true);
    expect(header?.startsWith('PBX name,Plan,Extensions')).toBe(true);
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('exported rows read back', () => {
  it('skips a PBX row with a Cloud PBX ID and a DID row with Status bound, saying why', () => {
    const pbx = exportedRowCheck('pbx', ['PBX name', 'Cloud PBX ID']);
    expect(pbx?.(['Acme', '42100'])).toMatchObject({ reason: 'already-exists', column: 'Cloud PBX ID' });
    expect(pbx?.(['Acme', ''])).toBeUndefined();
    const did = exportedRowCheck('did', ['PBX subdomain', 'Status']);
    expect(did?.(['acme', 'Bound'])?.message).toMatch(/bound on the account already/);
    expect(did?.(['acme', 'notes'])).toBeUndefined();
    expect(exportedRowCheck('pbx', ['PBX name', 'Subdomain'])).toBeUndefined();
    expect(exportedRowCheck('expansion', ['Cloud PBX ID', 'Status'])).toBeUndefined();
  });

  it('knows its own read-only columns, so they are not reported as unknown', () => {
    expect(isExportColumn('pbx', 'cloud pbx id')).toBe(true);
    expect(isExportColumn('pbx', 'SN')).toBe(true);
    expect(isExportColumn('did', 'URL')).toBe(false);
  });
});
