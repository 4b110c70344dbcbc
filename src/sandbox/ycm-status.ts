/**
 * The running status of sandbox PBXs (seeds/001 `pbxStatus`, FACTS 1.8.E): a new PBX starts in
 * the assumed new-PBX status and becomes Running once its start time has passed on the sandbox
 * clock (assumptions newPbxStatus, newPbxStartingMs); writes that need it Running are refused
 * before then (assumption pbxNotRunning).
 */
import type { Assumptions } from './assumptions.ts';
import type { Pbx, SandboxState } from './state.ts';
import { fail } from './ycm-helpers.ts';

/** A PBX as just created: starting, unless the assumption makes it Running at once. */
export function startPbx(a: Assumptions, pbx: Pbx, nowMs: number): Pbx {
  if (a.newPbxStartingMs <= 0) return pbx;
  return { ...pbx, pbxStatus: a.newPbxStatus, startingUntil: nowMs + a.newPbxStartingMs };
}

/** Moves every PBX whose start time has passed to Running (called before each request). */
export function settlePbxs(state: SandboxState, nowMs: number): void {
  for (const pbx of state.ycm.pbxs) {
    if (pbx.startingUntil === undefined || nowMs < pbx.startingUntil) continue;
    pbx.pbxStatus = 'Running';
    delete pbx.startingUntil;
  }
}

/** Refuses a write on a PBX that is not Running, with the assumed code. */
export function requireRunning(a: Assumptions, pbx: Pbx): void {
  if (a.pbxNotRunning && pbx.pbxStatus !== 'Running')
    fail(`cloud PBX ${pbx.cloudPbxId} is ${pbx.pbxStatus}, not Running`, a.pbxNotRunning);
}
