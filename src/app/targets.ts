/**
 * Where plan and run go. Live systems come from the environment through the clients' own
 * resolveTargets (PRODUCT.md, Targets and credentials); with no credentials at all the local
 * sandbox is the target, and the UI says so. Secrets stay in TargetConfig on the engine side;
 * the renderer only ever sees TargetInfo.
 */
import type { LiveTargets } from '../api/targets.ts';
import type { TargetInfo } from '../shared/bridge.ts';

export interface TargetConfig {
  id: string;
  label: string;
  sandbox: boolean;
  live: LiveTargets;
}

const host = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};

/** Who a live target acts as: each system's host and client or account ID (IDs are not secrets). */
export function targetAccount(t: TargetConfig): string {
  if (t.sandbox) return '';
  const { ycm, pp, myreports } = t.live;
  return [
    ycm && `YCM ${host(ycm.baseUrl)}, client ${ycm.clientId}`,
    pp && `Partner Portal client ${pp.clientId}`,
    myreports && `MyReports account ${myreports.accountId}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** What the renderer may know about a target: names, URLs and IDs, never a secret. */
export function describeTarget(t: TargetConfig): TargetInfo {
  return {
    id: t.id,
    label: t.label,
    sandbox: t.sandbox,
    account: targetAccount(t),
    systems: {
      ycm: t.live.ycm?.baseUrl ?? null,
      pp: t.live.pp?.baseUrl ?? null,
      myreports: t.live.myreports?.baseUrl ?? null,
    },
  };
}
