/**
 * The sandbox: one node:http server on 127.0.0.1 serving YCM (`/dm/open_api/…`), the Partner Portal
 * (`/auth|pricing|product|user|order/openapi/…`) and MyReports (`/api/v1.0/…`) under their real paths,
 * with the pipeline latency → User-Agent → token → rate limit → fault → handler → persist.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { failureReply, rateLimitedReply, readBody, send } from './http-io.ts';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_ASSUMPTIONS, type Assumptions } from './assumptions.ts';
import { TokenAuthority } from './auth.ts';
import { RateLimiter, type RateConfig } from './bucket.ts';
import type { Reply } from './envelopes.ts';
import { FaultInjector, type FaultKind, type FaultSpec } from './faults.ts';
import { DEMO_CREDENTIALS, createInitialState } from './fixtures.ts';
import { authorize } from './gate.ts';
import { myreportsRoutes } from './myreports-routes.ts';
import { ppRoutes } from './pp-routes.ts';
import {
  matchRoute,
  systemOf,
  type RequestContext,
  type Route,
  type SandboxEnv,
  type System,
} from './router.ts';
import { parseVendorJson } from '../api/json.ts';
import { StateStore, type SandboxState } from './state.ts';
import { ycmPbxRoutes } from './ycm-pbx-routes.ts';
import { ycmRoutes } from './ycm-routes.ts';
import { settlePbxs } from './ycm-status.ts';

export type { Assumptions } from './assumptions.ts';
export type { FaultSpec } from './faults.ts';

export interface SandboxOptions {
  /** 0 = any free port (default). */
  port?: number;
  host?: string;
  stateFile?: string;
  rate?: RateConfig;
  latencyMs?: number;
  faults?: FaultSpec;
  /** YCM access-token lifetime (FACTS 1.2.4: 1800 s). */
  accessTokenSeconds?: number;
  assumptions?: Partial<Assumptions>;
  /** Clock in ms (tests move time forward instead of sleeping). */
  clock?: () => number;
  /**
   * Called with every request as received, before anything else (contract tests compare what a
   * client sends with the seeds). Holds the raw body and headers, secrets included: tests only.
   */
  onRequest?: (request: ReceivedRequest) => void;
}

/** A request as the sandbox received it (`onRequest`). */
export interface ReceivedRequest {
  method: string;
  /** Path and query string, as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const LOG_LIMIT = 5000;

export interface RequestLogEntry {
  at: number;
  system: System | 'none';
  method: string;
  endpoint: string;
  status: number;
  fault?: FaultKind;
}

export interface SandboxStats {
  requests: number;
  /** Calls per `METHOD pattern`. */
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
  rateLimited: number;
  faults: Record<FaultKind, number>;
  created: { pbxs: number; orders: number; profiles: number };
  /** The last 5 000 requests (no query strings, no bodies, no secrets). */
  log: RequestLogEntry[];
}

export interface Sandbox {
  url: string;
  ycmBaseUrl: string;
  ppBaseUrl: string;
  myreportsBaseUrl: string;
  credentials: {
    ycm: { clientId: string; clientSecret: string };
    pp: { clientId: string; clientSecret: string };
    myreports: { token: string; accountId: string };
  };
  stats(): SandboxStats;
  state(): SandboxState;
  setFaults(f: FaultSpec): void;
  setRate(r: SandboxOptions['rate']): void;
  close(): Promise<void>;
}

/** A success reply as the `noData` fault sends it: the envelope without `data` and Location. */
function withoutData(reply: Reply): Reply {
  const body =
    reply.body !== null && typeof reply.body === 'object' && !Array.isArray(reply.body)
      ? Object.fromEntries(Object.entries(reply.body).filter(([key]) => key !== 'data'))
      : reply.body;
  const headers = Object.fromEntries(
    Object.entries(reply.headers ?? {}).filter(([key]) => key.toLowerCase() !== 'location'),
  );
  return { ...reply, body, headers };
}

/** Starts the sandbox; resolves once it listens. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const clock = opts.clock ?? (() => Date.now());
  const a: Assumptions = { ...DEFAULT_ASSUMPTIONS, ...opts.assumptions };
  const store = new StateStore(opts.stateFile, createInitialState);
  const tokens = new TokenAuthority(clock, {
    ycm: opts.accessTokenSeconds ?? 1800,
    pp: a.ppAccessTokenSeconds,
  });
  const limiter = new RateLimiter(clock, opts.rate);
  const faults = new FaultInjector(opts.faults);
  let url = '';
  const env: SandboxEnv = {
    store,
    a,
    tokens,
    clock,
    created: { pbxs: 0, orders: 0, profiles: 0 },
    baseUrl: () => url,
  };
  const routes: Route[] = [...ycmRoutes(), ...ycmPbxRoutes(), ...ppRoutes(), ...myreportsRoutes()];
  const stats: SandboxStats = {
    requests: 0,
    byEndpoint: {},
    byStatus: {},
    rateLimited: 0,
    faults: faults.counts,
    created: env.created,
    log: [],
  };
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const record = (entry: RequestLogEntry): void => {
    stats.requests++;
    stats.byEndpoint[entry.endpoint] = (stats.byEndpoint[entry.endpoint] ?? 0) + 1;
    stats.byStatus[String(entry.status)] = (stats.byStatus[String(entry.status)] ?? 0) + 1;
    stats.log.push(entry);
    if (stats.log.length > LOG_LIMIT) stats.log.splice(0, stats.log.length - LOG_LIMIT);
  };
  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => (timers.delete(t), resolve()), ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const parsed = new URL(req.url ?? '/', 'http://sandbox');
    const path = parsed.pathname;
    const raw = await readBody(req);
    opts.onRequest?.({ method, url: req.url ?? '/', headers: { ...req.headers }, body: raw });
    if (opts.latencyMs) await delay(opts.latencyMs);
    const nowMs = clock();
    const system = systemOf(path);
    const match = system ? matchRoute(routes, method, path) : null;
    if (!system || match === null || match === 'methodMismatch') {
      const status = match === 'methodMismatch' ? 405 : 404;
      send(res, {
        status,
        body: { error: status, message: status === 404 ? 'Not Found' : 'Method Not Allowed' },
      });
      record({ at: nowMs, system: system ?? 'none', method, endpoint: `${method} (unknown)`, status });
      return;
    }
    const { route: r, params } = match;
    const endpoint = `${method} ${r.pattern}`;
    const ctx: RequestContext = {
      env,
      method,
      path,
      query: parsed.searchParams,
      params,
      headers: req.headers,
      body: undefined,
      form: null,
      clientId: null,
      nowMs,
    };
    let fault: FaultKind | null = null;
    let reply: Reply;
    try {
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.includes('application/x-www-form-urlencoded')) ctx.form = new URLSearchParams(raw);
      const gate = authorize(ctx, r, limiter);
      if (gate === 'rateLimited') stats.rateLimited++;
      if (gate !== null && gate !== 'ok') {
        reply = gate === 'rateLimited' ? rateLimitedReply(system, a, nowMs) : gate;
      } else {
        if (!r.tokenCall) fault = faults.decide(path);
        if (fault === 'error500') {
          reply = failureReply(system, a, nowMs, new Error('injected fault'));
        } else {
          if (raw.trim() && contentType.includes('json')) ctx.body = parseVendorJson(raw);
          settlePbxs(store.state, nowMs);
          reply = r.handle(ctx);
          if (method !== 'GET' && reply.status < 300) store.persist();
        }
      }
    } catch (err) {
      reply = failureReply(system, a, nowMs, err);
    }
    const entry: RequestLogEntry = { at: nowMs, system, method, endpoint, status: reply.status };
    if (fault) entry.fault = fault;
    record(entry);
    if (fault === 'resetAfterCommit') {
      req.socket.destroy();
      return;
    }
    if (fault === 'timeout') await delay(faults.timeoutMs);
    if (fault === 'noData' && reply.status < 300) reply = withoutData(reply);
    // The sandbox's own clock, as a real portal's: clients read its time from here (FACTS 2.4.10
    // createTime vs this), so a test can set the sandbox's clock apart from the workstation's.
    if (!res.destroyed)
      send(res, { ...reply, headers: { Date: new Date(nowMs).toUTCString(), ...reply.headers } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  return {
    url,
    ycmBaseUrl: url,
    ppBaseUrl: url,
    myreportsBaseUrl: `${url}/api`,
    credentials: {
      ycm: { ...DEMO_CREDENTIALS.ycm },
      pp: { ...DEMO_CREDENTIALS.pp },
      myreports: { ...DEMO_CREDENTIALS.myreports },
    },
    stats: () => structuredClone(stats),
    state: () => store.snapshot(),
    setFaults: (f) => faults.set(f),
    setRate: (r) => limiter.configure(r),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
