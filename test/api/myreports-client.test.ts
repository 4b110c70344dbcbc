import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AmbiguousWriteError, AuthError, NotFoundError, ValidationError } from '../../src/api/index.ts';
import type { MrProfile } from '../../src/api/index.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { hits, myreportsClient, sandbox } from './sandbox-fixture.ts';

const ACME = '7f8a1c2e-0b1d-4c3e-9f00-1a2b3c4d5e6f';
const API_KEY = 'kazoo-api-key-secret-77';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(async () => {
  await sb.close();
});

function kazoo(accountId: string): MrProfile {
  return {
    _type: 'KazooPbxConnectionProfile',
    name: `Kazoo ${accountId}`,
    hostRest: 'https://kazoo.example.com:8443/v2',
    hostWebsocket: 'wss://kazoo.example.com:5443',
    accountId,
    apiKey: API_KEY,
    monitorSubAccounts: false,
  };
}

describe('MyReports client against the sandbox', () => {
  it("lists the account's customers, filtered by name", async () => {
    const mr = myreportsClient(sb);
    expect((await mr.listCustomers()).map((c) => c.id)).toContain(ACME);
    expect((await mr.allCustomers('acme')).map((c) => c.name)).toEqual(['Acme Ltd']);
  });

  it('creates a profile (201 + Location), finds it, enables it, looks its instance up and deletes it', async () => {
    const mr = myreportsClient(sb);
    const created = await mr.createProfile(ACME, kazoo('a1b2c3d4e5f60718293a4b5c6d7e8f90'));
    expect(created.location).toMatch(new RegExp(`/customers/${ACME}/pbxs/${created.id}$`));
    expect(created.profile.enabled).toBe(false);
    expect(JSON.stringify(created.profile)).not.toContain(API_KEY);
    expect((await mr.listProfiles(ACME)).map((p) => p.id)).toContain(created.id);
    await mr.enableProfile(ACME, created.id);
    expect((await mr.getProfile(ACME, created.id)).enabled).toBe(true);
    expect(await mr.lookupInstance('a1b2c3d4e5f60718293a4b5c6d7e8f90')).toEqual({
      exists: true,
      instanceId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      id: created.id,
      tenantId: ACME,
    });
    await mr.deleteProfile(ACME, created.id);
    await expect(mr.getProfile(ACME, created.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await mr.lookupInstance('a1b2c3d4e5f60718293a4b5c6d7e8f90')).exists).toBe(false);
  });
});

describe('MyReports failures', () => {
  it('a 401 with no body is an AuthError that does not show the token', async () => {
    const token = 'wrong-myreports-token-5';
    const error = await myreportsClient(sb, { token })
      .listCustomers()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).message).toContain('MyReports GET /v1.0/accounts/');
    expect((error as AuthError).message).not.toContain(token);
  });

  it('a 400 error envelope is a ValidationError with the vendor message, secrets masked', async () => {
    const mr = myreportsClient(sb);
    const licenseKey = '3CX-LICENSE-KEY-0001';
    const profile: MrProfile = {
      _type: 'ThreeCxConnectionProfile',
      name: '3CX Acme',
      licenseKey,
      username: 'admin',
      password: 'Pw-secret-3cx',
    };
    await mr.createProfile(ACME, profile);
    const error = await mr.createProfile(ACME, profile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe(400);
    expect((error as ValidationError).vendorMessage).toContain('already exists');
    expect((error as ValidationError).message).not.toContain(licenseKey);
    expect((error as ValidationError).message).not.toContain('Pw-secret-3cx');
  });

  it('an unknown customer is a NotFoundError', async () => {
    const error = await myreportsClient(sb)
      .listProfiles('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('a profile create whose connection is reset is an AmbiguousWriteError, sent once', async () => {
    const own = await sandbox();
    try {
      const mr = myreportsClient(own);
      own.setFaults({ resetAfterCommit: 1, only: ['/pbxs'] });
      await expect(mr.createProfile(ACME, kazoo('ffeeddccbbaa00998877665544332211'))).rejects.toBeInstanceOf(
        AmbiguousWriteError,
      );
      expect(hits(own, 'POST /api/v1.0/accounts/:account/customers/:customer/pbxs')).toBe(1);
      own.setFaults({});
      expect((await mr.lookupInstance('ffeeddccbbaa00998877665544332211')).exists).toBe(true);
    } finally {
      await own.close();
    }
  });
});
