import { describe, expect, it } from 'vitest';
import {
  TargetConfigError,
  YcmClient,
  checkBaseUrl,
  createClients,
  resolveTargets,
  sandboxTargets,
} from '../../src/api/index.ts';
import { sandbox } from './sandbox-fixture.ts';

const YCM_ENV = {
  YCM_BASE_URL: 'https://ycm.example.com',
  YCM_CLIENT_ID: 'id-1',
  YCM_CLIENT_SECRET: 'very-secret-1',
};

describe('target resolution', () => {
  it('uses the sandbox when no credentials are configured at all', () => {
    expect(resolveTargets({})).toEqual({ kind: 'sandbox' });
    expect(resolveTargets({ YCM_BASE_URL: 'https://ycm.example.com' })).toEqual({ kind: 'sandbox' });
  });

  it('builds live targets for the systems that have credentials, with vendor default hosts', () => {
    const targets = resolveTargets({ ...YCM_ENV, PP_CLIENT_ID: 'pp', PP_CLIENT_SECRET: 'pp-secret' });
    expect(targets).toEqual({
      kind: 'live',
      ycm: { baseUrl: 'https://ycm.example.com', clientId: 'id-1', clientSecret: 'very-secret-1' },
      pp: { baseUrl: 'https://openapi.partner.yeastar.com', clientId: 'pp', clientSecret: 'pp-secret' },
    });
  });

  it('rejects a plain-http remote base URL with a message naming the variable, not the secret', () => {
    const attempt = (): unknown => resolveTargets({ ...YCM_ENV, YCM_BASE_URL: 'http://ycm.example.com' });
    expect(attempt).toThrow(TargetConfigError);
    expect(attempt).toThrow(/YCM_BASE_URL must use https:\/\//);
    expect(attempt).not.toThrow(/very-secret-1/);
  });

  it('allows plain http only to loopback hosts', () => {
    expect(checkBaseUrl('http://127.0.0.1:8080/', 'X')).toBe('http://127.0.0.1:8080');
    expect(checkBaseUrl('http://localhost:1', 'X')).toBe('http://localhost:1');
    expect(checkBaseUrl('http://[::1]:9/api', 'X')).toBe('http://[::1]:9/api');
    expect(() => checkBaseUrl('http://10.0.0.5', 'X')).toThrow(TargetConfigError);
    expect(() => checkBaseUrl('ftp://ycm.example.com', 'X')).toThrow(TargetConfigError);
    expect(() => checkBaseUrl('https://user:pw@ycm.example.com', 'X')).toThrow(/credentials/);
  });

  it('a client refuses a non-https remote base URL too', () => {
    expect(
      () => new YcmClient({ baseUrl: 'http://ycm.example.com', clientId: 'a', clientSecret: 'b' }),
    ).toThrow(TargetConfigError);
  });

  it('names the missing variable of a half-configured system', () => {
    expect(() => resolveTargets({ YCM_BASE_URL: 'https://y.example.com', YCM_CLIENT_ID: 'id' })).toThrow(
      /YCM_CLIENT_SECRET/,
    );
    expect(() => resolveTargets({ MYREPORTS_TOKEN: 'tok' })).toThrow(/MYREPORTS_ACCOUNT_ID/);
  });

  it('refuses live targets while TLS certificate checks are disabled', () => {
    expect(() => resolveTargets({ ...YCM_ENV, NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toThrow(/TLS/);
  });

  it('creates working clients for a started sandbox', async () => {
    const sb = await sandbox();
    try {
      const clients = createClients(sandboxTargets(sb));
      expect((await clients.ycm?.regions())?.length).toBeGreaterThan(0);
      expect(clients.pp).toBeDefined();
      expect(clients.myreports).toBeDefined();
      expect(() => createClients({ kind: 'sandbox' })).toThrow(TargetConfigError);
    } finally {
      await sb.close();
    }
  });
});
