import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUiServer, type UiServer } from '../../src/server/server.ts';
import { bareSession, call } from './helpers.ts';

const SECRET = 'test-secret-0123456789abcdefghijklmnopqrstuv';
let server: UiServer;
let origin: string;
let cookie: string;

beforeAll(async () => {
  const { session, staticDir } = await bareSession();
  server = await startUiServer({ session, staticDir, port: 0, secret: SECRET });
  origin = `http://127.0.0.1:${server.port}`;
  cookie = `pbx_ui_${server.port}=${SECRET}`;
});
afterAll(() => server.close());

const api = (headers: Record<string, string>, path = '/api/getTargets', body = '{}') =>
  call(server.port, {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', ...headers },
    body,
  });

describe('browser-mode server: who may drive it', () => {
  it('gives loopback links with a one-time code, never the session secret', () => {
    const link = server.link();
    expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?k=[\\w-]{43}$`));
    expect(link).not.toContain(SECRET);
    expect(server.link()).not.toBe(link);
    expect(server.origin).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('refuses the page without a code, with a wrong one, and with the session secret in the URL (401)', async () => {
    expect((await call(server.port, { path: '/' })).status).toBe(401);
    expect((await call(server.port, { path: '/?k=wrong' })).status).toBe(401);
    expect((await call(server.port, { path: `/?k=${SECRET}` })).status).toBe(401);
  });

  it("trades a link's code for an HttpOnly SameSite=Strict cookie once, and drops it from the URL", async () => {
    const path = new URL(server.link()).search;
    const r = await call(server.port, { path: `/${path}` });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const setCookie = String(r.headers['set-cookie']);
    expect(setCookie).toContain(`pbx_ui_${server.port}=${SECRET}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    // The code is dead: another browser (no cookie) cannot use it again.
    const again = await call(server.port, { path: `/${path}` });
    expect(again.status).toBe(401);
    expect(again.body).toContain('already been used');
    expect(again.headers['set-cookie']).toBeUndefined();
    // The browser that used it may reload the link: it goes on with its cookie, and gets no new one.
    const reload = await call(server.port, { path: `/${path}`, headers: { Cookie: cookie } });
    expect(reload.status).toBe(303);
    expect(reload.headers['set-cookie']).toBeUndefined();
  });

  it('a link given a lifetime dies unused when it runs out', async () => {
    const link = new URL(server.link(1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await call(server.port, { path: `/${link.search}` })).status).toBe(401);
  });

  it('serves the app with a strict CSP once the cookie is set', async () => {
    const r = await call(server.port, { path: '/', headers: { Cookie: cookie } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('PBX Bulk Import');
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
  });

  it('answers API calls from its own origin with the cookie', async () => {
    const r = await api({ Cookie: cookie, Origin: origin });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ result: { active: 'sandbox' } });
  });

  it('refuses API calls without the secret cookie (401), with a message the page can show', async () => {
    const refused = await api({ Origin: origin });
    expect(refused.status).toBe(401);
    // JSON the page shows as is, not a bare "HTTP 401" (issue 17, bug 4).
    expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(
      /not signed in to this pbx-bulk ui.*open the newest link/,
    );
    expect((await api({ Origin: origin, Cookie: `pbx_ui_${server.port}=guess` })).status).toBe(401);
    // Another launch's cookie (another port, same host) is not this one's.
    expect((await api({ Origin: origin, Cookie: `pbx_ui_${server.port + 1}=${SECRET}` })).status).toBe(401);
    expect((await api({ Origin: origin, Cookie: `pbx_ui_1=x; ${cookie}` })).status).toBe(200);
  });

  it('refuses API calls from another origin, even with the cookie (403)', async () => {
    expect((await api({ Cookie: cookie, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await api({ Cookie: cookie, Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await api({ Cookie: cookie })).status).toBe(403);
    const site = await api({ Cookie: cookie, Origin: origin, 'Sec-Fetch-Site': 'cross-site' });
    expect(site.status).toBe(403);
  });

  it('refuses a foreign Host header, so a DNS-rebinding page cannot reach it (403)', async () => {
    const evil = await call(server.port, {
      path: `/?k=${SECRET}`,
      headers: { Host: `evil.example:${server.port}` },
    });
    expect(evil.status).toBe(403);
    const r = await api({ Cookie: cookie, Origin: origin, Host: `rebind.example:${server.port}` });
    expect(r.status).toBe(403);
  });

  it('accepts localhost as the same origin', async () => {
    const local = `localhost:${server.port}`;
    const r = await api({ Cookie: cookie, Origin: `http://${local}`, Host: local });
    expect(r.status).toBe(200);
  });

  it('refuses calls that are not JSON (no cross-site form posts)', async () => {
    const r = await call(server.port, {
      method: 'POST',
      path: '/api/getTargets',
      headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(r.status).toBe(415);
  });

  it('rejects invalid payloads with a message, not a crash', async () => {
    const r = await api({ Cookie: cookie, Origin: origin }, '/api/getRows', '{"sheet":1,"start":-1}');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ error: { message: "Invalid arguments for 'getRows'." } });
  });

  it('never serves files outside the renderer build', async () => {
    const r = await call(server.port, { path: '/..%2f..%2fetc%2fpasswd', headers: { Cookie: cookie } });
    expect(r.body).not.toContain('root:');
  });

  it('listens on 127.0.0.1 only, not on other interfaces', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i?.address ?? '');
    for (const address of others) {
      const reached = await new Promise<boolean>((resolve) => {
        const s = connect({ host: address, port: server.port });
        s.once('connect', () => (s.destroy(), resolve(true)));
        s.once('error', () => resolve(false));
      });
      expect(reached, `reachable on ${address}`).toBe(false);
    }
    const viaLoopback = await call(server.port, { path: '/', headers: { Cookie: cookie } });
    expect(viaLoopback.status).toBe(200);
  });
});
