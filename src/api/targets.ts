/**
 * Where the clients talk to. With no credentials at all in the environment the product runs
 * against the built-in sandbox (a new user can try the whole flow first); otherwise each system
 * whose credentials are present becomes a live target. Base URLs must be https:// unless they are
 * loopback (checkBaseUrl). Error messages name variables, never their values.
 */
import { TargetConfigError } from './errors.ts';
import { checkBaseUrl } from './http.ts';
import type { HttpEvent } from './http.ts';
import { MyReportsClient } from './myreports-client.ts';
import type { PacingOptions, PacingWait } from './pacing.ts';
import type { ApiSystem } from './errors.ts';
import { PpClient } from './pp-client.ts';
import { YcmClient } from './ycm-client.ts';

export interface YcmTarget {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}
export interface PpTarget {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}
export interface MyReportsTarget {
  baseUrl: string;
  token: string;
  accountId: string;
}
export interface LiveTargets {
  kind: 'live';
  ycm?: YcmTarget;
  pp?: PpTarget;
  myreports?: MyReportsTarget;
}
export type Targets = { kind: 'sandbox' } | LiveTargets;

/**
 * Who the live targets are, for a journal: each system's host and the account its credentials
 * name (client ID, MyReports account; none of them secret). Hosts alone would let a journal of one
 * reseller account pass for another's on the same host, and its done rows be skipped there.
 */
export function targetIdentity(targets: LiveTargets): string {
  const parts = [
    targets.ycm && `YCM ${targets.ycm.baseUrl} client ${targets.ycm.clientId}`,
    targets.pp && `Partner Portal ${targets.pp.baseUrl} client ${targets.pp.clientId}`,
    targets.myreports && `MyReports ${targets.myreports.baseUrl} account ${targets.myreports.accountId}`,
  ];
  return `LIVE ${parts.filter(Boolean).join('; ')}`;
}

/**
 * One key per account a run writes to (YCM client, Partner Portal client, MyReports account), base
 * URLs normalised: the per-account run lock takes each, so two runs sharing any one account on
 * this machine never overlap, whatever else either has configured.
 */
export function accountKeys(targets: LiveTargets): string[] {
  const host = (url: string): string => url.trim().replace(/\/+$/, '').toLowerCase();
  return [
    targets.ycm && `ycm ${host(targets.ycm.baseUrl)} ${targets.ycm.clientId}`,
    targets.pp && `pp ${host(targets.pp.baseUrl)} ${targets.pp.clientId}`,
    targets.myreports && `myreports ${host(targets.myreports.baseUrl)} ${targets.myreports.accountId}`,
  ].filter((k): k is string => Boolean(k));
}

/** FACTS 2.1 and 3.1: the vendors' public hosts, used when no base URL is configured. */
export const DEFAULT_PP_BASE_URL = 'https://openapi.partner.yeastar.com';
export const DEFAULT_MYREPORTS_BASE_URL = 'https://api.na.myreports.cloud/api';

const CREDENTIALS = [
  'YCM_CLIENT_ID',
  'YCM_CLIENT_SECRET',
  'PP_CLIENT_ID',
  'PP_CLIENT_SECRET',
  'MYREPORTS_TOKEN',
  'MYREPORTS_ACCOUNT_ID',
];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the targets from environment variables. Throws TargetConfigError for a half-configured
 * system (e.g. a client id without its secret), a non-https remote URL, or TLS checks disabled.
 */
export function resolveTargets(env: Env): Targets {
  const has = (name: string): boolean => (env[name] ?? '').trim() !== '';
  if (!CREDENTIALS.some(has)) return { kind: 'sandbox' };
  if (env['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    throw new TargetConfigError(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 disables TLS certificate checks; unset it before using live targets.',
    );
  }
  const value = (name: string): string => (env[name] ?? '').trim();
  const group = (names: string[]): boolean => {
    const present = names.filter(has);
    if (present.length > 0 && present.length < names.length) {
      const missing = names.filter((n) => !has(n));
      throw new TargetConfigError(`${missing.join(', ')} must be set together with ${present.join(', ')}.`);
    }
    return present.length === names.length;
  };
  const targets: LiveTargets = { kind: 'live' };
  if (group(['YCM_BASE_URL', 'YCM_CLIENT_ID', 'YCM_CLIENT_SECRET'])) {
    targets.ycm = {
      baseUrl: checkBaseUrl(value('YCM_BASE_URL'), 'YCM_BASE_URL'),
      clientId: value('YCM_CLIENT_ID'),
      clientSecret: value('YCM_CLIENT_SECRET'),
    };
  }
  if (group(['PP_CLIENT_ID', 'PP_CLIENT_SECRET'])) {
    const baseUrl = has('PP_BASE_URL') ? value('PP_BASE_URL') : DEFAULT_PP_BASE_URL;
    targets.pp = {
      baseUrl: checkBaseUrl(baseUrl, 'PP_BASE_URL'),
      clientId: value('PP_CLIENT_ID'),
      clientSecret: value('PP_CLIENT_SECRET'),
    };
  }
  if (group(['MYREPORTS_TOKEN', 'MYREPORTS_ACCOUNT_ID'])) {
    const baseUrl = has('MYREPORTS_BASE_URL') ? value('MYREPORTS_BASE_URL') : DEFAULT_MYREPORTS_BASE_URL;
    targets.myreports = {
      baseUrl: checkBaseUrl(baseUrl, 'MYREPORTS_BASE_URL'),
      token: value('MYREPORTS_TOKEN'),
      accountId: value('MYREPORTS_ACCOUNT_ID'),
    };
  }
  return targets;
}

/** The shape of a started sandbox that `sandboxTargets` needs (src/sandbox/server.ts). */
export interface SandboxEndpoints {
  ycmBaseUrl: string;
  ppBaseUrl: string;
  myreportsBaseUrl: string;
  credentials: {
    ycm: { clientId: string; clientSecret: string };
    pp: { clientId: string; clientSecret: string };
    myreports: { token: string; accountId: string };
  };
}

/** Live-shaped targets pointing at a running sandbox (loopback http is allowed). */
export function sandboxTargets(sandbox: SandboxEndpoints): LiveTargets {
  const { ycm, pp, myreports } = sandbox.credentials;
  return {
    kind: 'live',
    ycm: { baseUrl: sandbox.ycmBaseUrl, ...ycm },
    pp: { baseUrl: sandbox.ppBaseUrl, ...pp },
    myreports: { baseUrl: sandbox.myreportsBaseUrl, ...myreports },
  };
}

export interface Clients {
  ycm?: YcmClient;
  pp?: PpClient;
  myreports?: MyReportsClient;
}

export interface ClientOptions {
  /** Pacing per system; YCM's defaults follow FACTS 1.4. */
  ycm?: PacingOptions;
  pp?: PacingOptions;
  myreports?: PacingOptions;
  /** Token refresh point as a fraction of the token lifetime (default 0.8). */
  refreshFraction?: number;
  onEvent?: (event: HttpEvent) => void;
  /** Every rate-limit wait of any system's requests (pacing.ts PacingOptions.onWait). */
  onWait?: (wait: PacingWait & { system: ApiSystem }) => void;
}

/** A system's pacing options with the clients' common wait listener added. */
function pacingOf(
  system: ApiSystem,
  options: ClientOptions,
): { pacing: PacingOptions } | Record<string, never> {
  const own = options[system];
  const { onWait } = options;
  if (!onWait) return own ? { pacing: own } : {};
  return { pacing: { ...own, onWait: (wait) => onWait({ ...wait, system }) } };
}

/**
 * One client per configured system. A `{kind:'sandbox'}` target must first be started and turned
 * into live targets with `sandboxTargets(await startSandbox())`.
 */
export function createClients(targets: Targets, options: ClientOptions = {}): Clients {
  if (targets.kind === 'sandbox') {
    throw new TargetConfigError(
      'Sandbox target: start the sandbox and pass sandboxTargets(sandbox) to createClients.',
    );
  }
  const common = { ...(options.onEvent ? { onEvent: options.onEvent } : {}) };
  const tokenOptions =
    options.refreshFraction === undefined ? {} : { refreshFraction: options.refreshFraction };
  const clients: Clients = {};
  if (targets.ycm)
    clients.ycm = new YcmClient({
      ...targets.ycm,
      ...common,
      ...tokenOptions,
      ...pacingOf('ycm', options),
    });
  if (targets.pp)
    clients.pp = new PpClient({
      ...targets.pp,
      ...common,
      ...tokenOptions,
      ...pacingOf('pp', options),
    });
  if (targets.myreports) {
    clients.myreports = new MyReportsClient({
      ...targets.myreports,
      ...common,
      ...pacingOf('myreports', options),
    });
  }
  return clients;
}
