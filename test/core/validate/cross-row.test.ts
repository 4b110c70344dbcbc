import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanTemp,
  errorsOf,
  exampleRow,
  validateRecords,
  validateWorkbook,
  warningsOf,
} from './validate-helpers.ts';

afterAll(cleanTemp);

const pbxRow = (n: number, name: string, sub: string, extra: Record<string, string> = {}) =>
  exampleRow('pbx', {
    name,
    subDomain: sub,
    dids: `+1202555${String(1000 + n)}`,
    'cloudPbxInitialConfigRequest.localization.deviceName': `${name} PBX`,
    ...extra,
  });

describe('checks across rows and sheets', () => {
  it('a subdomain used twice is an error on the second row, whatever its case', async () => {
    const result = await validateRecords('pbx', [pbxRow(1, 'Acme', 'acme'), pbxRow(2, 'Acme Two', 'ACME')]);
    expect(errorsOf(result, 2)).toEqual([]);
    expect(errorsOf(result, 3)).toEqual([
      {
        column: 'Subdomain',
        level: 'error',
        message: `Duplicate subdomain 'ACME': sheet '${result.report.rows[0]?.sheet ?? ''}' row 2 already uses it (subdomains are not case-sensitive).`,
      },
    ]);
  });

  it('a PBX name used twice is an error naming the first row', async () => {
    const result = await validateRecords('pbx', [pbxRow(1, 'Acme', 'acme'), pbxRow(2, 'Acme', 'acme-2')]);
    expect(errorsOf(result, 3)).toEqual([
      expect.objectContaining({
        column: 'PBX name',
        message: expect.stringMatching(/^Duplicate PBX name 'Acme': .* row 2/),
      }),
    ]);
  });

  it('a DID of one PBX row bound to another PBX on the DID Bindings sheet is an error on the second', async () => {
    const result = await validateWorkbook({
      pbx: [
        pbxRow(1, 'Acme', 'acme', { dids: '+12025550101' }),
        pbxRow(2, 'Beta', 'beta', { dids: '+12025550102' }),
      ],
      did: [
        exampleRow('did', { 'pbx.subDomain': 'beta', dids: '12025550101, +12025550199' }),
        // The same PBX asking again for a DID its own row lists: redundant, not a conflict.
        exampleRow('did', { 'pbx.subDomain': 'ACME', dids: '+12025550101' }),
        exampleRow('did', { 'pbx.subDomain': '', 'pbx.name': 'Beta', dids: '+12025550102' }),
      ],
    });
    expect(errorsOf(result, 2, 'PBX')).toEqual([]);
    expect(errorsOf(result, 2, 'DID Bindings')).toEqual([
      {
        column: 'DIDs',
        level: 'error',
        message: "DID 12025550101 is also in sheet 'PBX' row 2; a DID can be bound to one PBX only.",
      },
    ]);
    expect(errorsOf(result, 3, 'DID Bindings')).toEqual([]);
    expect(errorsOf(result, 4, 'DID Bindings')).toEqual([]);
  });

  it('a DID listed twice in one cell (with and without its +) is an error on that row', async () => {
    const result = await validateRecords('pbx', [
      pbxRow(1, 'Acme', 'acme', { dids: '+12025550101; 12025550102\n12025550101' }),
    ]);
    expect(errorsOf(result, 2)).toEqual([
      {
        column: 'DIDs',
        level: 'error',
        message: 'DID 12025550101 is listed twice in this row; list each DID once.',
      },
    ]);
  });

  it('DID and expansion rows naming a PBX that is not in the workbook get a warning, not an error', async () => {
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Acme', 'acme')],
      did: [exampleRow('did', { 'pbx.subDomain': 'nowhere' })],
      expansion: [
        exampleRow('expansion', { 'pbx.subDomain': 'acme' }),
        exampleRow('expansion', { 'pbx.subDomain': 'elsewhere' }),
      ],
    });
    expect(warningsOf(result, 2, 'DID Bindings')).toContainEqual({
      column: 'PBX subdomain',
      level: 'warning',
      message: "No PBX 'nowhere' in this workbook's PBX sheet; plan will look for an existing PBX with it.",
    });
    expect(warningsOf(result, 2, 'Expansions')).toEqual([]);
    expect(warningsOf(result, 3, 'Expansions').map((m) => m.message)).toEqual([
      "No PBX 'elsewhere' in this workbook's PBX sheet; plan will look for an existing PBX with it.",
    ]);
    expect(result.report.rows.every((r) => r.status === 'valid')).toBe(true);
  });

  it('expansions that take a new PBX past 500 extensions are an error on the row that crosses', async () => {
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Acme', 'acme', { extensionCapacity: '480' })],
      expansion: [
        exampleRow('expansion', { 'pbx.subDomain': 'acme', addExtensions: '10' }),
        exampleRow('expansion', { 'pbx.subDomain': 'Acme', addExtensions: '20' }),
      ],
    });
    expect(errorsOf(result, 2, 'Expansions')).toEqual([]);
    expect(errorsOf(result, 3, 'Expansions')).toEqual([
      {
        column: 'Add extensions',
        level: 'error',
        message: "This takes 'Acme' to 510 extensions; a Cloud PBX holds at most 500.",
      },
    ]);
  });

  it('expansions naming their PBX by name add up against its extensions too', async () => {
    const byName = { 'pbx.subDomain': '', 'pbx.name': 'Delta', method: 'order', addExtensions: '490' };
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Delta', 'delta7', { extensionCapacity: '20' })],
      expansion: [exampleRow('expansion', byName), exampleRow('expansion', byName)],
    });
    expect(errorsOf(result, 2, 'Expansions')).toEqual([
      {
        column: 'Add extensions',
        level: 'error',
        message: "This takes 'Delta' to 510 extensions; a Cloud PBX holds at most 500.",
      },
    ]);
    expect(errorsOf(result, 3, 'Expansions')).toEqual([
      {
        column: 'Add extensions',
        level: 'error',
        message: "This takes 'Delta' to 1000 extensions; a Cloud PBX holds at most 500.",
      },
    ]);
  });

  it('rows naming one PBX by subdomain and by name add up together, and a resize sets the total', async () => {
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Gamma Ltd', 'gamma', { extensionCapacity: '400' })],
      expansion: [
        exampleRow('expansion', { 'pbx.subDomain': 'gamma', addExtensions: '50' }),
        exampleRow('expansion', { 'pbx.subDomain': '', 'pbx.name': 'gamma ltd', addExtensions: '51' }),
        exampleRow('expansion', {
          'pbx.subDomain': '',
          'pbx.name': 'Gamma Ltd',
          method: 'resize',
          addExtensions: '',
          billingCycle: '',
          extensionCapacity: '100',
        }),
        exampleRow('expansion', { 'pbx.subDomain': 'GAMMA', addExtensions: '400' }),
        exampleRow('expansion', { 'pbx.subDomain': 'gamma', addExtensions: '1' }),
      ],
    });
    expect(errorsOf(result, 2, 'Expansions')).toEqual([]);
    expect(errorsOf(result, 3, 'Expansions').map((m) => m.message)).toEqual([
      "This takes 'gamma ltd' to 501 extensions; a Cloud PBX holds at most 500.",
    ]);
    expect(errorsOf(result, 4, 'Expansions')).toEqual([]);
    expect(errorsOf(result, 5, 'Expansions')).toEqual([]);
    expect(errorsOf(result, 6, 'Expansions').map((m) => m.message)).toEqual([
      "This takes 'gamma' to 501 extensions; a Cloud PBX holds at most 500.",
    ]);
  });
});
