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

  it('the same binding on a DID Bindings sheet read before the PBX sheet is not a conflict', async () => {
    const result = await validateWorkbook({
      did: [
        exampleRow('did', { 'pbx.subDomain': 'acme1', dids: '+12025550101' }),
        // Asked twice for the same PBX: said once, not an error.
        exampleRow('did', { 'pbx.subDomain': 'ACME1', dids: '+12025550101' }),
        exampleRow('did', { 'pbx.subDomain': 'other', dids: '+12025550101' }),
      ],
      pbx: [pbxRow(1, 'Acme', 'acme1', { dids: '+12025550101' })],
    });
    expect(result.sheets.map((s) => s.kind)).toEqual(['did', 'pbx']);
    expect(errorsOf(result, 2, 'PBX')).toEqual([]);
    expect(errorsOf(result, 2, 'DID Bindings')).toEqual([]);
    expect(errorsOf(result, 3, 'DID Bindings')).toEqual([]);
    expect(warningsOf(result, 3, 'DID Bindings').map((m) => m.message)).toContainEqual(
      "DID +12025550101 is already bound to this PBX by sheet 'DID Bindings' row 2; list it once.",
    );
    expect(errorsOf(result, 4, 'DID Bindings').map((m) => m.message)).toEqual([
      "DID +12025550101 is also in sheet 'DID Bindings' row 2; a DID can be bound to one PBX only.",
    ]);
  });

  it('a DID or expansion row whose PBX subdomain and PBX name are two PBXs of the workbook is an error', async () => {
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'One', 'acme1'), pbxRow(2, 'Two', 'acme2')],
      expansion: [
        exampleRow('expansion', { 'pbx.subDomain': 'acme1', 'pbx.name': 'Two', addExtensions: '5' }),
        exampleRow('expansion', { 'pbx.subDomain': 'acme2', 'pbx.name': 'two', addExtensions: '5' }),
      ],
    });
    expect(errorsOf(result, 2, 'Expansions').map((m) => [m.column, m.message])).toEqual([
      [
        'PBX name',
        "PBX subdomain 'acme1' is the PBX of sheet 'PBX' row 2, but PBX name 'Two' is the PBX of sheet 'PBX' row 3: correct the one that is wrong, or clear one of them.",
      ],
    ]);
    expect(errorsOf(result, 3, 'Expansions')).toEqual([]);
  });

  it('DID bindings and transcription minutes for a workbook PBX on older firmware are warned about', async () => {
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Old', 'oldfw', { firmware: '84.18.0.5', dids: '', trunk: '' })],
      did: [exampleRow('did', { 'pbx.subDomain': 'oldfw', dids: '+12025550133' })],
      expansion: [
        exampleRow('expansion', {
          'pbx.subDomain': 'oldfw',
          method: 'resize',
          addExtensions: '',
          billingCycle: '',
          extensionCapacity: '20',
          transcriptionCapacity: '60',
        }),
      ],
    });
    expect(errorsOf(result, 2, 'DID Bindings')).toEqual([]);
    expect(warningsOf(result, 2, 'DID Bindings').map((m) => [m.column, m.message])).toContainEqual([
      'DIDs',
      "'oldfw' is created with firmware 84.18.0.5; this needs 84.19.0.22 or later and does not take effect before it.",
    ]);
    expect(warningsOf(result, 2, 'Expansions').map((m) => m.message)).toContainEqual(
      "'oldfw' is created with firmware 84.18.0.5; this needs 84.19.0.110 or later and does not take effect before it.",
    );
  });

  it('the same DID for one PBX named by subdomain on one row and by name on another is said once, not a conflict', async () => {
    const result = await validateWorkbook({
      did: [
        exampleRow('did', { 'pbx.subDomain': 'acme1', dids: '+12025550101' }),
        exampleRow('did', { 'pbx.subDomain': '', 'pbx.name': 'Acme', dids: '+12025550101' }),
      ],
      pbx: [pbxRow(1, 'Acme', 'acme1', { dids: '+12025550101' })],
    });
    expect(errorsOf(result, 3, 'DID Bindings')).toEqual([]);
    expect(warningsOf(result, 3, 'DID Bindings').map((m) => m.message)).toContainEqual(
      expect.stringMatching(/is already bound to this PBX by sheet 'DID Bindings' row 2; list it once\.$/),
    );
    expect(errorsOf(result, 2, 'PBX')).toEqual([]);
  });

  it('a DID listed twice on one DID row is an error on that row; a remove-all row claims no DID', async () => {
    const result = await validateRecords('did', [
      exampleRow('did', { dids: '+12025550111, +12025550111' }),
      exampleRow('did', { 'pbx.subDomain': 'legacyco', dids: '+12025550122', mode: 'remove-all' }),
      exampleRow('did', { 'pbx.subDomain': 'otherco', dids: '+12025550122' }),
    ]);
    expect(errorsOf(result, 2).map((m) => m.message)).toEqual([
      'DID +12025550111 is listed twice in this row; list each DID once.',
    ]);
    // Row 3 is wrong itself (remove-all takes no DIDs), and does not make row 4 wrong.
    expect(errorsOf(result, 3).map((m) => m.message)).toEqual([
      expect.stringMatching(/^Mode 'remove-all' unbinds every DID/),
    ]);
    expect(errorsOf(result, 4)).toEqual([]);
  });

  it('a DID ID repeated on a row that has DIDs too is said on the DID IDs column', async () => {
    const result = await validateRecords('pbx', [pbxRow(1, 'Acme', 'acme', { didIds: '7, 7' })]);
    expect(errorsOf(result, 2).map((m) => m.column)).toEqual(['DID IDs']);
  });

  it('a MyReports row of an unknown profile type is not counted as the 3CX instance of its licence key', async () => {
    const threeCx = (type: string) =>
      exampleRow('myreports', {
        _type: type,
        licenseKey: 'LIC-1-AAAA',
        username: 'admin',
        password: 'Tcx-Secret-Pw-81q',
        hostRest: '',
        hostWebsocket: '',
        accountId: '',
        apiKey: '',
      });
    const result = await validateRecords('myreports', [threeCx('Foo'), threeCx('ThreeCxConnectionProfile')]);
    expect(errorsOf(result, 3)).toEqual([]);
  });

  it('a DID given by ID twice, in one cell or on two rows, is an error', async () => {
    const result = await validateRecords('pbx', [
      pbxRow(1, 'Acme', 'acme', { dids: '', didIds: '501, 502, 501' }),
      pbxRow(2, 'Beta', 'beta', { dids: '', didIds: '502' }),
    ]);
    expect(errorsOf(result, 2).map((m) => [m.column, m.message])).toEqual([
      ['DID IDs', 'DID ID 501 is listed twice in this row; list each DID once.'],
    ]);
    expect(errorsOf(result, 3).map((m) => m.message)).toEqual([
      expect.stringMatching(/^DID ID 502 is also in sheet '.*' row 2; a DID can be bound to one PBX only\.$/),
    ]);
  });

  it('one MyReports instance (Kazoo account, 3CX licence key) on two rows is an error on the second', async () => {
    const kazoo = (customer: string) => exampleRow('myreports', { customer, apiKey: 'a-real-kazoo-api-key' });
    const result = await validateRecords('myreports', [
      kazoo('Acme'),
      kazoo('Globex'),
      exampleRow('myreports', {
        _type: 'ThreeCxConnectionProfile',
        licenseKey: 'ABCD-1234-EFGH-5678',
        username: 'admin',
        password: 'Tcx-Secret-Pw-81q',
        hostRest: '',
        hostWebsocket: '',
        accountId: '',
        apiKey: '',
      }),
      exampleRow('myreports', {
        _type: 'ThreeCxConnectionProfile',
        licenseKey: 'abcd-1234-efgh-5678',
        username: 'admin',
        password: 'Tcx-Secret-Pw-81q',
        hostRest: '',
        hostWebsocket: '',
        accountId: '',
        apiKey: '',
      }),
    ]);
    expect(errorsOf(result, 2)).toEqual([]);
    expect(errorsOf(result, 3).map((m) => [m.column, m.message])).toEqual([
      [
        'Kazoo account ID',
        expect.stringMatching(
          /^Kazoo account '.+' is also in sheet '.*' row 2: a PBX instance has one MyReports profile/,
        ),
      ],
    ]);
    expect(errorsOf(result, 4)).toEqual([]);
    const licence = errorsOf(result, 5);
    expect(licence.map((m) => m.message)).toEqual([
      expect.stringMatching(/^This 3CX licence key is also in .* row 4/),
    ]);
    expect(JSON.stringify(licence)).not.toMatch(/1234/);
  });

  it('a resize that lowers the recording minutes of a PBX of the workbook is an error (FACTS 1.8.K)', async () => {
    const resize = (minutes: string) =>
      exampleRow('expansion', {
        'pbx.subDomain': 'rec',
        method: 'resize',
        addExtensions: '',
        billingCycle: '',
        extensionCapacity: '20',
        recordingStatus: 'Enabled',
        recordingCapacity: minutes,
      });
    const result = await validateWorkbook({
      pbx: [pbxRow(1, 'Rec', 'rec', { recordingStatus: 'Enabled', recordingCapacity: '500' })],
      expansion: [
        resize('100'),
        exampleRow('expansion', { 'pbx.subDomain': 'rec', addExtensions: '', addRecordingMinutes: '100' }),
        resize('550'),
        resize('600'),
      ],
    });
    expect(errorsOf(result, 2, 'Expansions').map((m) => [m.column, m.message])).toEqual([
      [
        'New recording minutes',
        "This lowers 'rec' from 500 to 100 recording minutes; a resize cannot lower them. Give 500 or more.",
      ],
    ]);
    expect(errorsOf(result, 4, 'Expansions').map((m) => m.message)).toEqual([
      "This lowers 'rec' from 600 to 550 recording minutes; a resize cannot lower them. Give 600 or more.",
    ]);
    expect(errorsOf(result, 5, 'Expansions')).toEqual([]);
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
