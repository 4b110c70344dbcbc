/**
 * Where plan and run go. Live profiles come from the environment (PRODUCT.md, Targets and
 * credentials); with no credentials at all the local sandbox is the target, and the UI says so.
 * Secrets stay in TargetConfig on the engine side; the renderer only ever sees TargetInfo.
 */
import type { TargetInfo } from '../shared/bridge.ts';

export interface OAuthCredentials {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

export interface TargetConfig {
  id: string;
  label: string;
  sandbox: boolean;
  ycm?: OAuthCredentials;
  pp?: OAuthCredentials;
  myreports?: { baseUrl: string; token: string; accountId: string };
}

/** A live target from YCM_*, PP_* and MYREPORTS_* variables, or undefined when none is set. */
export function targetFromEnv(env: Record<string, string | undefined>): TargetConfig | undefined {
  const target: TargetConfig = { id: 'env', label: 'Live (environment)', sandbox: false };
  if (env['YCM_CLIENT_ID'] && env['YCM_CLIENT_SECRET'] && env['YCM_BASE_URL']) {
    target.ycm = {
      baseUrl: checkBaseUrl(env['YCM_BASE_URL']),
      clientId: env['YCM_CLIENT_ID'],
      clientSecret: env['YCM_CLIENT_SECRET'],
    };
  }
  if (env['PP_CLIENT_ID'] && env['PP_CLIENT_SECRET'] && env['PP_BASE_URL']) {
    target.pp = {
      baseUrl: checkBaseUrl(env['PP_BASE_URL']),
      clientId: env['PP_CLIENT_ID'],
      clientSecret: env['PP_CLIENT_SECRET'],
    };
  }
  if (env['MYREPORTS_TOKEN'] && env['MYREPORTS_ACCOUNT_ID'] && env['MYREPORTS_BASE_URL']) {
    target.myreports = {
      baseUrl: checkBaseUrl(env['MYREPORTS_BASE_URL']),
      token: env['MYREPORTS_TOKEN'],
      accountId: env['MYREPORTS_ACCOUNT_ID'],
    };
  }
  return target.ycm || target.pp || target.myreports ? target : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Live base URLs must be https; plain http only for loopback (PRODUCT.md, Targets). */
export function checkBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`The base URL '${raw}' is not a valid URL.`);
  }
  if (url.protocol === 'https:') return raw.replace(/\/+$/, '');
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return raw.replace(/\/+$/, '');
  throw new Error(`The base URL '${raw}' must use https:// (http:// only for 127.0.0.1 or localhost).`);
}

/** What the renderer may know about a target: names and URLs, never a secret. */
export function describeTarget(t: TargetConfig): TargetInfo {
  return {
    id: t.id,
    label: t.label,
    sandbox: t.sandbox,
    systems: {
      ycm: t.ycm?.baseUrl ?? null,
      pp: t.pp?.baseUrl ?? null,
      myreports: t.myreports?.baseUrl ?? null,
    },
  };
}
