/**
 * Serves dist/renderer on app://renderer/ with the CSP as a real response header (a file://
 * page has no headers). Paths are resolved inside the renderer directory; anything else is 404.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME, CSP } from './security.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Must run before app 'ready': app:// is a standard, secure scheme. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The response for one app:// request. */
export async function appResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const base = resolve(rendererDir);
  const url = new URL(requestUrl);
  if (url.host !== 'renderer') return new Response('Not found', { status: 404 });
  const full = resolve(join(base, normalize(decodeURIComponent(url.pathname))));
  if (full !== base && !full.startsWith(base + sep)) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(full);
    return new Response(new Uint8Array(body), {
      headers: {
        'Content-Type': TYPES[extname(full)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/** After 'ready': answer app:// from the renderer directory. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(rendererDir, request.url));
}
