import { afterAll, describe, expect, it } from 'vitest';
import { cleanTemp, errorsOf, exampleRow, validateRecords, warningsOf } from './validate-helpers.ts';

afterAll(cleanTemp);

describe('DID Bindings rows', () => {
  it('the template example is valid', async () => {
    expect(errorsOf(await validateRecords('did', [exampleRow('did')]))).toEqual([]);
  });

  it('need a target PBX, a trunk and DIDs, each named by its columns', async () => {
    const result = await validateRecords('did', [{ mode: 'add' }]);
    expect(errorsOf(result).map((m) => m.message)).toEqual([
      "Missing target PBX: fill one of 'PBX subdomain', 'PBX name', 'Cloud PBX ID', 'PBX URL', 'PBX SN'.",
      "Missing trunk: fill 'Trunk ID' or 'Trunk'.",
      "Missing DIDs: fill 'DIDs' or 'DID IDs'.",
    ]);
  });

  it("mode 'remove-all' names the PBX only, and says what it does", async () => {
    const all = await validateRecords('did', [
      exampleRow('did', { mode: 'remove-all', trunk: '', dids: '' }),
      exampleRow('did', { mode: 'remove-all' }),
    ]);
    expect(errorsOf(all, 2)).toEqual([]);
    expect(warningsOf(all, 2).map((m) => m.message)).toContain(
      'Removes every DID binding of this PBX: its DIDs stop reaching it.',
    );
    expect(errorsOf(all, 3).map((m) => m.message)).toEqual([
      "Mode 'remove-all' unbinds every DID of the PBX and takes no trunk or DIDs: clear them, or use 'remove' to unbind only these.",
    ]);
    // Without the mode, a row with no DIDs is still incomplete.
    const none = await validateRecords('did', [exampleRow('did', { mode: 'replace', dids: '' })]);
    expect(errorsOf(none, 2).map((m) => m.message)).toEqual([expect.stringMatching(/^Missing DIDs/)]);
  });

  it('mode is case-sensitive', async () => {
    expect(errorsOf(await validateRecords('did', [exampleRow('did', { mode: 'Add' })]))).toEqual([
      { column: 'Mode', level: 'error', message: "Write 'add' exactly: values are case-sensitive." },
    ]);
  });
});

describe('Expansions rows', () => {
  it('an order needs extensions or recording minutes to add', async () => {
    const result = await validateRecords('expansion', [exampleRow('expansion', { addExtensions: '' })]);
    expect(errorsOf(result).map((m) => m.message)).toEqual([
      "Nothing to order: fill 'Add extensions' or 'Add recording minutes'.",
    ]);
  });

  it('resize fields on an order row are ignored with a warning', async () => {
    const result = await validateRecords('expansion', [exampleRow('expansion', { extensionCapacity: '40' })]);
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result)).toContainEqual({
      column: 'New extensions',
      level: 'warning',
      message: "Ignored: this row's method is 'order'.",
    });
  });

  it('a resize to more than 500 extensions is refused', async () => {
    const result = await validateRecords('expansion', [
      { 'pbx.subDomain': 'acme', method: 'resize', extensionCapacity: '600' },
    ]);
    expect(errorsOf(result)).toEqual([
      expect.objectContaining({
        column: 'New extensions',
        message: expect.stringMatching(/600 is out of range: it must be at most 500/),
      }),
    ]);
  });
});

describe('MyReports rows (FACTS 3.5)', () => {
  it('the Kazoo example is valid and a Kazoo profile needs its REST, websocket, account and API key', async () => {
    expect(errorsOf(await validateRecords('myreports', [exampleRow('myreports')]))).toEqual([]);
    const result = await validateRecords('myreports', [
      exampleRow('myreports', { hostRest: '', hostWebsocket: '', accountId: '', apiKey: '' }),
    ]);
    expect(errorsOf(result).map((m) => m.column)).toEqual([
      'Kazoo REST URL',
      'Kazoo websocket URL',
      'Kazoo account ID',
      'Kazoo API key',
    ]);
  });

  it('a 3CX profile needs its licence key, username and password (seeds/002); Kazoo columns on it are ignored with a warning', async () => {
    const result = await validateRecords('myreports', [
      exampleRow('myreports', { _type: 'ThreeCxConnectionProfile', apiKey: '' }),
    ]);
    expect(errorsOf(result)).toEqual(
      ['3CX licence key', '3CX username', '3CX password'].map((column) =>
        expect.objectContaining({ column, message: expect.stringMatching(/required for a 3CX profile/) }),
      ),
    );
    expect(warningsOf(result).map((m) => m.column)).toEqual([
      'Kazoo REST URL',
      'Kazoo websocket URL',
      'Kazoo account ID',
    ]);
  });

  it("a bad value in a column the row's profile type ignores does not make the row invalid", async () => {
    const result = await validateRecords('myreports', [
      exampleRow('myreports', {
        _type: 'ThreeCxConnectionProfile',
        apiKey: '',
        licenseKey: 'ABCD-EFGH-IJKL-MNOP',
        username: 'admin',
        password: 'Tcx-Secret-Pw-81q',
        monitorSubAccounts: 'maybe',
      }),
    ]);
    expect(errorsOf(result)).toEqual([]);
    expect(warningsOf(result)).toContainEqual(
      expect.objectContaining({
        column: 'Monitor sub-accounts',
        message: 'Ignored for a ThreeCxConnectionProfile.',
      }),
    );
  });

  it('Kazoo URLs may be http:// and ws:// (FACTS 3.5 says URI), with a warning; other schemes are refused', async () => {
    const plain = await validateRecords('myreports', [
      exampleRow('myreports', {
        hostRest: 'http://kazoo.example:8000/v2',
        hostWebsocket: 'ws://kazoo.example:5555',
      }),
    ]);
    expect(errorsOf(plain)).toEqual([]);
    expect(warningsOf(plain).map((m) => m.column)).toEqual(['Kazoo REST URL', 'Kazoo websocket URL']);
    expect(warningsOf(plain)[0]?.message).toMatch(/^http:\/\/ is unencrypted/);
    const wrong = await validateRecords('myreports', [
      exampleRow('myreports', { hostRest: 'ftp://kazoo.example', hostWebsocket: 'https://kazoo.example' }),
    ]);
    expect(errorsOf(wrong).map((m) => m.column)).toEqual(['Kazoo REST URL', 'Kazoo websocket URL']);
  });

  it('the profile type is case-sensitive and the API key is never echoed', async () => {
    const result = await validateRecords('myreports', [
      exampleRow('myreports', { _type: 'kazoopbxconnectionprofile', apiKey: 'k3y-SECRET-value' }),
    ]);
    expect(errorsOf(result)).toContainEqual({
      column: 'Profile type',
      level: 'error',
      message: "Write 'KazooPbxConnectionProfile' exactly: values are case-sensitive.",
    });
    expect(JSON.stringify(result.report)).not.toContain('k3y-SECRET-value');
  });
});
