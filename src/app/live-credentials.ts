/**
 * Live credentials typed in the Connect screen: turned into a target with the clients' own
 * resolveTargets (same rules as the environment: https only unless loopback, groups complete,
 * PRODUCT.md Targets and credentials). Blank fields keep what the current live target already
 * has, so a user can change a URL without retyping a secret they can no longer see.
 */
import { resolveTargets, type LiveTargets } from '../api/targets.ts';
import {
  CREDENTIAL_LABELS,
  CREDENTIAL_NAMES,
  type CredentialName,
  type CredentialsInput,
} from '../shared/bridge.ts';
import { SessionError } from './session-error.ts';
import type { TargetConfig } from './targets.ts';

export const LIVE_TARGET_ID = 'live';

/** The environment-style record of a live target (engine side only; never sent to the renderer). */
export function credentialsOf(live: LiveTargets | undefined): CredentialsInput {
  if (!live) return {};
  const out: CredentialsInput = {};
  if (live.ycm) {
    out.YCM_BASE_URL = live.ycm.baseUrl;
    out.YCM_CLIENT_ID = live.ycm.clientId;
    out.YCM_CLIENT_SECRET = live.ycm.clientSecret;
  }
  if (live.pp) {
    out.PP_BASE_URL = live.pp.baseUrl;
    out.PP_CLIENT_ID = live.pp.clientId;
    out.PP_CLIENT_SECRET = live.pp.clientSecret;
  }
  if (live.myreports) {
    out.MYREPORTS_BASE_URL = live.myreports.baseUrl;
    out.MYREPORTS_TOKEN = live.myreports.token;
    out.MYREPORTS_ACCOUNT_ID = live.myreports.accountId;
  }
  return out;
}

/** `input`'s non-blank values over `base`'s. */
export function mergeCredentials(base: CredentialsInput, input: CredentialsInput): CredentialsInput {
  const out: CredentialsInput = { ...base };
  for (const name of CREDENTIAL_NAMES) {
    const v = input[name]?.trim();
    if (v) out[name] = v;
  }
  return out;
}

/** A live target from entered credentials; throws SessionError naming fields, never values. */
export function liveTarget(creds: CredentialsInput): TargetConfig {
  const env: Partial<Record<CredentialName, string>> = creds;
  let targets;
  try {
    targets = resolveTargets(env);
  } catch (err) {
    // TargetConfigError messages name variables only (src/api/targets.ts): said as the form's labels.
    throw labelled(err instanceof Error ? err.message : 'These credentials cannot be used.');
  }
  if (targets.kind === 'sandbox') {
    throw new SessionError('Enter the client ID and secret (or token) of at least one system.');
  }
  return { id: LIVE_TARGET_ID, label: 'Live (entered in Connect)', sandbox: false, live: targets };
}

/**
 * A message about credentials as the user typed them: each variable name (`YCM_BASE_URL`) becomes
 * the field's label in the Connect form, and the error names the first field for the screen to
 * show the message beside it.
 */
export function labelled(message: string): SessionError {
  let field: CredentialName | undefined;
  // Longest names first, so no name is replaced inside another.
  const names = [...CREDENTIAL_NAMES].sort((a, b) => b.length - a.length);
  const first = names
    .map((n) => ({ n, at: message.indexOf(n) }))
    .filter((x) => x.at >= 0)
    .sort((a, b) => a.at - b.at)[0];
  if (first) field = first.n;
  let text = message;
  for (const n of names) text = text.replaceAll(n, `'${CREDENTIAL_LABELS[n]}'`);
  return new SessionError(text, field);
}
