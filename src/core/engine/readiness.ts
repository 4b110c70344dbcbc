/**
 * A PBX created by this run is not usable at once: YCM reports it `Starting` (seeds/001 pbxStatus:
 * Stopped, Starting, Running, Upgrading, Restoring, Provisioning) before `Running`. The rows that
 * act on it (DID bindings, expansion orders and resizes, MyReports profiles that name it) wait
 * until Query the Status of a Cloud PBX (FACTS 1.8.E) says `Running`, polling through the YCM
 * client (which paces every call within the rate budget) for a bounded time. One wait per PBX is
 * shared by all its rows: a PBX already Running costs one status call in all.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RowReason } from '../../shared/types.ts';
import type { PbxTarget } from './planned.ts';
import { DependencySkipError, targetPbx, type CreatedPbx, type StepContext } from './step-context.ts';

export interface ReadinessOptions {
  /** Give up after this long (default 10 minutes): the rows end `failed`, to run again later. */
  timeoutMs: number;
  /** First pause between two status reads; doubled after each read up to `maxIntervalMs`. */
  firstIntervalMs: number;
  maxIntervalMs: number;
}

export const DEFAULT_READINESS: ReadinessOptions = {
  timeoutMs: 10 * 60_000,
  firstIntervalMs: 1000,
  maxIntervalMs: 15_000,
};

/** The documented status of a PBX that takes calls and configuration (seeds/001). */
export const RUNNING = 'Running';

/** The PBX did not reach `Running` in time: the row fails, nothing was sent for it. */
export class PbxNotReadyError extends Error {
  override readonly name = 'PbxNotReadyError';
  readonly reason = 'pbx-not-ready' satisfies RowReason;
  constructor(
    readonly cloudPbxId: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The PBX a dependent row acts on, once it is `Running` when this run created it (an existing PBX
 * is returned as is). Throws PbxNotReadyError after the time limit, DependencySkipError when the
 * run is cancelled while waiting.
 */
export async function runningPbx(target: PbxTarget, ctx: StepContext): Promise<CreatedPbx> {
  const pbx = targetPbx(target, ctx);
  if ('existing' in target) return pbx;
  let wait = ctx.ready.get(pbx.cloudPbxId);
  if (!wait) {
    wait = waitRunning(pbx.cloudPbxId, target.label, ctx);
    ctx.ready.set(pbx.cloudPbxId, wait);
    wait.catch(() => undefined); // every row that needs it reads the outcome
  }
  await wait;
  return pbx;
}

async function waitRunning(cloudPbxId: number, label: string, ctx: StepContext): Promise<void> {
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  const options = { ...DEFAULT_READINESS, ...ctx.readiness };
  const started = Date.now();
  let pause = options.firstIntervalMs;
  for (;;) {
    const { pbxStatus } = await ycm.getCloudPbxStatus(cloudPbxId);
    if (pbxStatus === RUNNING) return;
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) {
      throw new PbxNotReadyError(
        cloudPbxId,
        pbxStatus,
        `PBX '${label}' (${cloudPbxId}) is still ${pbxStatus}, not ${RUNNING}, after ${describeMs(waited)}; nothing was sent for this row. Run again once it is ${RUNNING} (the PBX itself is created).`,
      );
    }
    try {
      const left = options.timeoutMs - waited;
      await sleep(Math.min(pause, left), undefined, ctx.signal ? { signal: ctx.signal } : {});
    } catch {
      throw new DependencySkipError(
        `Not run: the run was cancelled while PBX '${label}' (${cloudPbxId}) was ${pbxStatus}.`,
        'not-run',
      );
    }
    pause = Math.min(pause * 2, options.maxIntervalMs);
  }
}

function describeMs(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
