import { afterAll, describe, expect, it } from 'vitest';
import { detectKind, mapHeaders } from '../../../src/core/map/map-headers.ts';
import { CATALOGUES } from '../../../src/core/schema/catalogue.ts';
import {
  cleanTemp,
  errorsOf,
  exampleRow,
  validateCsv,
  validateRecords,
} from '../validate/validate-helpers.ts';

afterAll(cleanTemp);

const fieldOf = (kind: Parameters<typeof mapHeaders>[0], header: string): string | undefined =>
  mapHeaders(kind, [header])[0]?.field;

describe('headers: API names, dotted paths and friendly aliases', () => {
  it.each([
    ['extensionCapacity', 'extensionCapacity'],
    ['EXTENSION_CAPACITY', 'extensionCapacity'],
    ['extension capacity', 'extensionCapacity'],
    ['  Extensions ', 'extensionCapacity'],
    ['Sub Domain', 'subDomain'],
    ['sub_domain', 'subDomain'],
    [
      'cloudPbxInitialConfigRequest.administratorSettings.username',
      'cloudPbxInitialConfigRequest.administratorSettings.username',
    ],
    [
      'CloudPbxInitialConfigRequest.AdministratorSettings.NewPassword',
      'cloudPbxInitialConfigRequest.administratorSettings.newPassword',
    ],
    ['Admin username', 'cloudPbxInitialConfigRequest.administratorSettings.username'],
    ['Admin password *', 'cloudPbxInitialConfigRequest.administratorSettings.newPassword'],
    ['*Subdomain', 'subDomain'],
    ['Subdomain (required)', 'subDomain'],
    ['Region (optional)', 'region'],
    ['toneRegion', 'cloudPbxInitialConfigRequest.localization.toneRegion'],
    ['region name', 'region'],
    ['Region ID', 'regionId'],
  ])('PBX header %j maps to %s', (header, path) => {
    expect(fieldOf('pbx', header)).toBe(path);
  });

  it('every field of every kind is reachable by its API path and by its template label', () => {
    for (const [kind, catalogue] of Object.entries(CATALOGUES) as [
      Parameters<typeof mapHeaders>[0],
      (typeof CATALOGUES)['pbx'],
    ][]) {
      for (const field of catalogue.fields) {
        expect(fieldOf(kind, field.path), `${kind} ${field.path}`).toBe(field.path);
        expect(fieldOf(kind, field.label), `${kind} ${field.label}`).toBe(field.path);
      }
    }
  });

  it('an unknown header maps to nothing, and a second column for the same field is not used twice', () => {
    const columns = mapHeaders('pbx', ['Favourite colour', 'Subdomain', 'sub_domain']);
    expect(columns.map((c) => c.field)).toEqual([undefined, 'subDomain', undefined]);
  });

  it('a sheet kind is recognised from the sheet name, or from the headers of a CSV', () => {
    expect(detectKind('DID Bindings', [])).toBe('did');
    expect(detectKind('expansions', [])).toBe('expansion');
    expect(detectKind('customer-export.csv', ['PBX name', 'Plan', 'Extensions', 'Subdomain'])).toBe('pbx');
    expect(detectKind('dids.csv', ['PBX subdomain', 'Trunk', 'DIDs'])).toBe('did');
    expect(detectKind('Notes', ['Note', 'Owner'])).toBeUndefined();
  });

  it('from headers, the kind that maps the most of them wins, whatever kind has required fields', () => {
    // A DID sheet naming its PBX by name: 'PBX name' is also a PBX field, 'Mode' only a DID one.
    expect(detectKind('export.csv', ['PBX name', 'Trunk', 'DIDs', 'Mode'])).toBe('did');
    // Expansion rows have no required field of their own; PBX rows require a subdomain.
    expect(detectKind('export.csv', ['Subdomain', 'Method', 'Add extensions'])).toBe('expansion');
    // A tie goes to the kind whose required fields are among the headers.
    expect(detectKind('export.csv', ['PBX name', 'Trunk', 'DIDs'])).toBe('pbx');
  });
});

describe('messages name the column as the user wrote it', () => {
  it('an error under a dotted API header names that header', async () => {
    const username = 'cloudPbxInitialConfigRequest.administratorSettings.username';
    const result = await validateRecords(
      'pbx',
      [exampleRow('pbx', { [username]: 'bob', subDomain: 'a_b' })],
      {
        [username]: username,
        subDomain: 'SUB_DOMAIN',
      },
    );
    expect(
      errorsOf(result)
        .map((m) => m.column)
        .sort(),
    ).toEqual(['SUB_DOMAIN', username]);
    expect(result.report.rows[0]).toMatchObject({ row: 2, sheet: expect.stringMatching(/pbx\.csv$/) });
  });

  it('unknown columns are reported by name and letter, kept out of the payload, and the row still validates', async () => {
    const row = exampleRow('did');
    const result = await validateCsv(
      'did',
      ['PBX subdomain', 'Trunk', 'DIDs', 'Favourite colour', 'Mode'],
      [[row['pbx.subDomain'] ?? '', row['trunk'] ?? '', row['dids'] ?? '', 'blue', 'add']],
    );
    expect(result.report.summary.fileMessages).toContainEqual(
      expect.objectContaining({
        column: 'Favourite colour',
        level: 'warning',
        message: expect.stringMatching(/^Column 'Favourite colour' \(D\) is not a known did field/),
      }),
    );
    expect(result.report.rows[0]?.status).toBe('valid');
    expect(Object.keys(result.records[0]?.values ?? {})).not.toContain('Favourite colour');
  });
});
