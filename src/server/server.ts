/**
 * Browser mode: the renderer and the HTTP bridge on 127.0.0.1 only. POST /api/<call> takes the
 * call's JSON arguments; POST /api/uploadFile takes the raw bytes; GET /api/events streams events
 * (server-sent events); GET /api/download/<id> returns an export. Every request passes the
 * guards in security.ts first.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { BRIDGE_EVENTS, HTTP_API_PREFIX, HTTP_EVENTS_PATH } from '../shared/bridge.ts';
import { dispatchCall, isBridgeCall } from '../app/bridge-calls.ts';
import { errorBody, SessionError } from '../app/session-error.ts';
import type { Session } from '../app/session.ts';
import {
  cookieSecret,
  hostAllowed,
  LinkCodes,
  newSecret,
  originAllowed,
  sameSecret,
  SECURITY_HEADERS,
  sessionCookie,
} from './security.ts';
import { readStatic } from './static-files.ts';

export interface UiServerOptions {
  session: Session;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Tests pass a known session secret (the cookie's); otherwise a fresh one per launch. */
  secret?: string;
  /** Called with a link whose code has just been used (the CLI then prints a fresh one). */
  onLinkUsed?: (link: string) => void;
}

export interface UiServer {
  /**
   * A fresh link to the app: its one-time code is traded for the session cookie on first use and
   * is dead after that (and after `lifetimeMs`, if given). The session secret is never in a link.
   */
  link(lifetimeMs?: number): string;
  /** The app's address without any code. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

const LINK_USED =
  'Unauthorized: this link has already been used or has expired (each link opens the app once). Use the browser it opened, or the newest link pbx-bulk ui printed.';

const SIGNED_OUT =
  'This tab is not signed in to this pbx-bulk ui (it was restarted, or the tab was opened without its link): open the newest link pbx-bulk ui printed.';

const JSON_LIMIT = 2 * 1024 * 1024;
const UPLOAD_LIMIT = 200 * 1024 * 1024;
const HEARTBEAT_MS = 15_000;

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new SessionError('The request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Starts the UI server on 127.0.0.1 (never another interface). */
export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const secret = opts.secret ?? newSecret();
  const codes = new LinkCodes();
  const { session } = opts;
  const streams = new Set<ServerResponse>();
  let port = 0;

  const unsubscribe = session.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  });
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const transport = {
    pickFile: async () => null,
    // The browser downloads exports itself (GET /api/download/<id>); nothing to save here.
    saveExport: async () => ({ saved: false }),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) return send(res, 403, 'Forbidden: unexpected Host.');
    if (!originAllowed(req, port)) return send(res, 403, 'Forbidden: cross-origin request.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const given = url.searchParams.get('k');
    if (given !== null && req.method === 'GET' && !url.pathname.startsWith(HTTP_API_PREFIX)) {
      const fresh = codes.take(given);
      // A used link opened again in the browser that used it (a reload, a bookmark) just goes on.
      if (!fresh && !sameSecret(cookieSecret(req, port), secret)) return send(res, 401, LINK_USED);
      if (fresh) opts.onLinkUsed?.(`http://127.0.0.1:${port}/?k=${given}`);
      // Trade the one-time code for the session cookie, and drop it from the address bar.
      return send(res, 303, '', 'text/plain', {
        ...(fresh && { 'Set-Cookie': sessionCookie(secret, port) }),
        Location: url.pathname,
      });
    }
    if (!sameSecret(cookieSecret(req, port), secret)) {
      // A call from the page gets a message it can show (a bare "HTTP 401" said nothing).
      if (url.pathname.startsWith(HTTP_API_PREFIX))
        return sendJson(res, 401, errorBody(new SessionError(SIGNED_OUT)));
      return send(res, 401, 'Unauthorized: open the URL that pbx-bulk ui printed.');
    }
    if (!url.pathname.startsWith(HTTP_API_PREFIX)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
      const file = await readStatic(opts.staticDir, url.pathname);
      if (!file) return send(res, 404, 'Not found. Was the renderer built (npm run build)?');
      return send(res, 200, file.body, file.type);
    }
    if (url.pathname === HTTP_EVENTS_PATH && req.method === 'GET') {
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(`: events ${BRIDGE_EVENTS.join(' ')}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    const download = /^\/api\/download\/([\w-]{1,100})$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const f = session.exportFile(download[1] ?? '');
      if (!f) return send(res, 404, 'That export is no longer available.');
      return send(res, 200, await readFile(f.path), 'application/octet-stream', {
        'Content-Disposition': `attachment; filename="${f.name.replace(/[^\w.\- ()]/g, '_')}"`,
      });
    }
    const call = url.pathname.slice(HTTP_API_PREFIX.length);
    if (req.method !== 'POST' || !isBridgeCall(call))
      return sendJson(res, 404, errorBody(new SessionError(`Unknown call '${call}'.`)));
    try {
      let args: unknown;
      if (call === 'uploadFile') {
        args = {
          name: url.searchParams.get('name') ?? '',
          data: new Uint8Array(await readBody(req, UPLOAD_LIMIT)),
        };
      } else {
        // JSON only: a cross-site form cannot send this content type without a preflight.
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendJson(res, 415, errorBody(new SessionError('Calls take application/json.')));
        }
        const raw = (await readBody(req, JSON_LIMIT)).toString('utf8');
        args = raw ? (JSON.parse(raw) as unknown) : {};
      }
      sendJson(res, 200, { result: (await dispatchCall(session, transport, call, args)) ?? null });
    } catch (err) {
      sendJson(res, err instanceof SessionError || err instanceof SyntaxError ? 400 : 500, errorBody(err));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, errorBody(err));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    link: (lifetimeMs) => `${origin}/?k=${codes.issue(lifetimeMs)}`,
    origin,
    port,
    close: async () => {
      unsubscribe();
      clearInterval(heartbeat);
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
