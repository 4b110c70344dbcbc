/**
 * A loopback stand-in for YCM in the contract tests: it records exactly what arrives (method, URL,
 * headers, body text) and answers each path with the text the test gives, so what our client sends
 * and reads is compared with the seeds' own text, not with our sandbox. The token reply is flat, as
 * FACTS 1.2.1 shows it; a path without an answer gets a YCM failure envelope (DATA_NOT_FOUND).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeYcm {
  baseUrl: string;
  captured: Captured[];
  close(): Promise<void>;
}

/** The flat token reply of FACTS 1.2.1 (no data/status envelope). */
export const YCM_TOKEN_REPLY =
  '{"access_token":"t0k","refresh_token":"r3fresh","token_type":"bearer","expires_in":1800,"jti":"j"}';

export const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Starts the server; `answers` maps "METHOD /path" (no query string) to the reply's text. */
export async function fakeYcm(answers: Record<string, string>): Promise<FakeYcm> {
  const captured: Captured[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      captured.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('Content-Type', 'application/json');
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (req.method === 'POST' && path === '/dm/open_api/oauth/token') {
        res.end(YCM_TOKEN_REPLY);
        return;
      }
      const answer = answers[`${req.method ?? ''} ${path}`];
      res.end(
        answer ??
          '{"requestId":"0","status":"Failed","time":1664450755,"errorCode":1000005,"errorMsg":"DATA_NOT_FOUND"}',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
