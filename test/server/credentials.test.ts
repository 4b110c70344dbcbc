import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUiRuntime, type UiRuntime } from '../../src/app/create-session.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';
import { startUiServer, type UiServer } from '../../src/server/server.ts';
import { call } from './helpers.ts';

const SECRET = 'test-secret-credentials-0123456789abcdefghij';
let runtime: UiRuntime;
let server: UiServer;
const seen: string[] = [];

beforeAll(async () => {
  runtime = await createUiRuntime({ env: tempHomeEnv() });
  runtime.session.subscribe((event, payload) => seen.push(`${event} ${JSON.stringify(payload)}`));
  server = await startUiServer({
    session: runtime.session,
    staticDir: '/nonexistent',
    port: 0,
    secret: SECRET,
  });
});
afterAll(async () => {
  await server.close();
  await runtime.close();
});

async function api(name: string, args: unknown): Promise<{ status: number; body: string }> {
  const r = await call(server.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: {
      'Content-Type': 'application/json',
      Cookie: `pbx_ui_${server.port}=${SECRET}`,
      Origin: `http://127.0.0.1:${server.port}`,
    },
    body: JSON.stringify(args),
  });
  seen.push(r.body);
  return r;
}

/** The sandbox's own credentials, entered as if they were a live system's. */
function entered(): Record<string, string> {
  const s = runtime.sandbox;
  if (!s) throw new Error('the test runtime has no sandbox');
  return {
    YCM_BASE_URL: s.ycmBaseUrl,
    YCM_CLIENT_ID: s.credentials.ycm.clientId,
    YCM_CLIENT_SECRET: s.credentials.ycm.clientSecret,
    PP_BASE_URL: s.ppBaseUrl,
    PP_CLIENT_ID: s.credentials.pp.clientId,
    PP_CLIENT_SECRET: s.credentials.pp.clientSecret,
    MYREPORTS_BASE_URL: s.myreportsBaseUrl,
    MYREPORTS_TOKEN: s.credentials.myreports.token,
    MYREPORTS_ACCOUNT_ID: s.credentials.myreports.accountId,
  };
}

function secrets(): string[] {
  const c = entered();
  return [c['YCM_CLIENT_SECRET'], c['PP_CLIENT_SECRET'], c['MYREPORTS_TOKEN']].filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}

describe('live credentials entered in the browser-mode UI', () => {
  it('tests entered credentials against each system before saving them', async () => {
    const r = await api('testCredentials', { credentials: entered() });
    expect(r.status).toBe(200);
    const check = (JSON.parse(r.body) as { result: { ok: boolean; systems: Array<{ ok: boolean }> } }).result;
    expect(check.ok).toBe(true);
    expect(check.systems.map((s) => s.ok)).toEqual([true, true, true]);
  });

  it('reports a wrong secret as a failed sign-in without repeating it', async () => {
    const wrong = 'wrong-secret-Zz9-never-shown';
    const r = await api('testCredentials', { credentials: { ...entered(), YCM_CLIENT_SECRET: wrong } });
    const check = (JSON.parse(r.body) as { result: { systems: Array<{ system: string; ok: boolean }> } })
      .result;
    expect(check.systems.find((s) => s.system === 'ycm')?.ok).toBe(false);
    expect(r.body).not.toContain(wrong);
  });

  it('refuses a plain-http remote URL, naming the field and not the secret', async () => {
    const r = await api('saveCredentials', {
      credentials: { ...entered(), YCM_BASE_URL: 'http://ycm.example.com' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body).toContain('YCM_BASE_URL');
    for (const s of secrets()) expect(r.body).not.toContain(s);
  });

  it('saves them for this session only in browser mode, makes them active, and says so', async () => {
    const r = await api('saveCredentials', { credentials: entered() });
    expect(r.status).toBe(200);
    const result = (
      JSON.parse(r.body) as {
        result: { stored: string; targets: { active: string; credentialStore: string } };
      }
    ).result;
    expect(result.stored).toBe('session');
    expect(result.targets.credentialStore).toBe('session');
    expect(result.targets.active).toBe('live');
    const targets = await api('getTargets', {});
    expect(targets.body).toContain('"active":"live"');
    const test = await api('testConnection', { target: 'live' });
    expect(JSON.parse(test.body)).toMatchObject({ result: { ok: true } });
  });

  it('keeps a saved secret when the field is left blank on a later save', async () => {
    const r = await api('saveCredentials', { credentials: { ...entered(), YCM_CLIENT_SECRET: '' } });
    expect(r.status).toBe(200);
    const test = await api('testConnection', { target: 'live' });
    expect(JSON.parse(test.body)).toMatchObject({ result: { ok: true } });
  });

  it('switches back to the sandbox on request', async () => {
    const r = await api('selectTarget', { target: 'sandbox' });
    expect(r.body).toContain('"active":"sandbox"');
  });

  it('never sends a secret back in any response or event', () => {
    expect(seen.length).toBeGreaterThan(5);
    const all = seen.join('\n');
    for (const s of secrets()) expect(all).not.toContain(s);
  });
});
