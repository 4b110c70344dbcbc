import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MR_ACCOUNT_ID, MR_CUSTOMERS } from '../../src/sandbox/fixtures.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { call } from './helpers.ts';

let sb: Sandbox;
beforeEach(async () => {
  sb = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sb.close();
});

const pbxsPath = (customer: string) => `/v1.0/accounts/${MR_ACCOUNT_ID}/customers/${customer}/pbxs`;
/** As seeds/002 sends it: profile creation carries `accept-charges: true`. */
const mr = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  call(`${sb.myreportsBaseUrl}${path}`, {
    headers: init.method === 'POST' ? { 'accept-charges': 'true' } : {},
    ...init,
    token: sb.credentials.myreports.token,
  });
const kazoo = {
  _type: 'KazooPbxConnectionProfile',
  name: 'Acme Kazoo',
  hostRest: 'https://rest.example.com',
  hostWebsocket: 'wss://ws.example.com',
  accountId: '12345',
  apiKey: 'ABCDEF-SECRET',
};

describe('MyReports', () => {
  it('answers 401 with an empty body without a valid token', async () => {
    const r = await call(`${sb.myreportsBaseUrl}/v1.0/accounts`);
    expect(r.status).toBe(401);
    expect(r.text).toBe('');
  });

  it('lists accounts and customers with the documented envelope', async () => {
    const customers = await mr(`/v1.0/accounts/${MR_ACCOUNT_ID}/customers?filter=glob`);
    expect(customers.body).toMatchObject({
      status: 'success',
      data: [{ id: MR_CUSTOMERS.globex.id, name: 'Globex' }],
    });
    expect(String(customers.body['timestamp'])).toMatch(/\.\d{7}Z$/);
  });

  it('creates a Kazoo profile: 201, Location, enabled false, no apiKey echoed', async () => {
    const r = await mr(pbxsPath(MR_CUSTOMERS.acme.id), { method: 'POST', body: kazoo });
    expect(r.status).toBe(201);
    const data = r.body['data'] as Record<string, unknown>;
    expect(data).toMatchObject({
      _type: 'KazooPbxConnectionProfile',
      enabled: false,
      tenantId: MR_CUSTOMERS.acme.id,
      countryCode: 'US',
    });
    expect(r.headers.get('location')).toBe(
      `${sb.myreportsBaseUrl}${pbxsPath(MR_CUSTOMERS.acme.id)}/${String(data['id'])}`,
    );
    expect(r.text).not.toContain('ABCDEF-SECRET');
    expect(JSON.stringify(sb.state())).not.toContain('ABCDEF-SECRET');
    const got = await mr(`${pbxsPath(MR_CUSTOMERS.acme.id)}/${String(data['id'])}`);
    expect(got.body['data']).toMatchObject({ id: data['id'], name: 'Acme Kazoo' });
  });

  it('finds a profile by instance id and rejects a second profile for the same instance', async () => {
    expect((await mr('/v1.0/pbxs?instanceId=12345')).body['data']).toEqual({
      exists: false,
      instanceId: '12345',
    });
    await mr(pbxsPath(MR_CUSTOMERS.acme.id), { method: 'POST', body: kazoo });
    expect((await mr('/v1.0/pbxs?instanceId=12345')).body['data']).toMatchObject({
      exists: true,
      tenantId: MR_CUSTOMERS.acme.id,
    });
    const dup = await mr(pbxsPath(MR_CUSTOMERS.globex.id), { method: 'POST', body: kazoo });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ error: 400, status: 'error' });
    expect(sb.stats().created.profiles).toBe(1);
  });

  it('validates ids and profile fields', async () => {
    const badGuid = await mr('/v1.0/accounts/not-a-guid/customers/x/pbxs', { method: 'POST', body: kazoo });
    expect(badGuid.body).toMatchObject({ error: 400, message: "The value 'not-a-guid' is not valid." });
    const noKey = await mr(pbxsPath(MR_CUSTOMERS.acme.id), {
      method: 'POST',
      body: { _type: 'ThreeCxConnectionProfile', name: '3CX' },
    });
    expect(noKey.status).toBe(400);
    const unknown = await mr(pbxsPath('00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(404);
  });

  it('refuses a profile created without accept-charges: true (seeds/002; assumption, configurable)', async () => {
    const without = await mr(pbxsPath(MR_CUSTOMERS.acme.id), { method: 'POST', body: kazoo, headers: {} });
    expect(without.status).toBe(400);
    expect(without.body).toMatchObject({ error: 400, status: 'error' });
    expect(String(without.body['message'])).toContain('accept-charges');
    const declined = await mr(pbxsPath(MR_CUSTOMERS.acme.id), {
      method: 'POST',
      body: kazoo,
      headers: { 'accept-charges': 'false' },
    });
    expect(declined.status).toBe(400);
    expect(sb.state().mr.profiles).toHaveLength(0);
    const lenient = await startSandbox({ port: 0, assumptions: { mrMissingAcceptChargesStatus: null } });
    try {
      const r = await call(`${lenient.myreportsBaseUrl}${pbxsPath(MR_CUSTOMERS.acme.id)}`, {
        method: 'POST',
        token: lenient.credentials.myreports.token,
        body: kazoo,
      });
      expect(r.status).toBe(201);
    } finally {
      await lenient.close();
    }
  });

  it('takes 3CX fields only as seeds/002 types them: strings "true"/"false" and HH:MM:SS', async () => {
    const threeCx = {
      _type: 'ThreeCxConnectionProfile',
      name: '3CX Connection',
      licenseKey: 'licenseKey-licenseKey-licenseKey',
      username: 'username-username-username',
      password: 'password password password',
    };
    const path = pbxsPath(MR_CUSTOMERS.acme.id);
    const asBoolean = await mr(path, { method: 'POST', body: { ...threeCx, enableRecordingArchive: true } });
    expect(asBoolean.status).toBe(400);
    const badEvery = await mr(path, {
      method: 'POST',
      body: { ...threeCx, enableRecordingArchive: 'true', recordingArchiveFrequency: '20 min' },
    });
    expect(badEvery.status).toBe(400);
    const noPassword = await mr(path, { method: 'POST', body: { ...threeCx, password: undefined } });
    expect(noPassword.status).toBe(400);
    const ok = await mr(path, {
      method: 'POST',
      body: { ...threeCx, enableRecordingArchive: 'true', recordingArchiveFrequency: '00:20:00' },
    });
    expect(ok.status).toBe(201);
    expect(ok.body['data']).toMatchObject({
      enableRecordingArchive: 'true',
      recordingArchiveFrequency: '00:20:00',
    });
    expect(ok.text).not.toContain('licenseKey-licenseKey');
  });

  it('enables, lists and deletes a profile', async () => {
    const created = await mr(pbxsPath(MR_CUSTOMERS.globex.id), {
      method: 'POST',
      body: {
        _type: 'ThreeCxConnectionProfile',
        name: '3CX',
        licenseKey: 'LIC-1',
        username: 'u',
        password: 'pw-secret',
      },
    });
    const id = String((created.body['data'] as Record<string, unknown>)['id']);
    const patched = await mr(`${pbxsPath(MR_CUSTOMERS.globex.id)}/${id}`, {
      method: 'PATCH',
      body: [{ op: 'replace', path: '/enabled', value: 'true' }],
    });
    expect(patched.body).toMatchObject({ status: 'success' });
    expect(sb.state().mr.profiles[0]?.enabled).toBe(true);
    expect((await mr(pbxsPath(MR_CUSTOMERS.globex.id))).body['data']).toHaveLength(1);
    expect((await mr(`${pbxsPath(MR_CUSTOMERS.globex.id)}/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await mr(pbxsPath(MR_CUSTOMERS.globex.id))).body['data']).toHaveLength(0);
  });
});
