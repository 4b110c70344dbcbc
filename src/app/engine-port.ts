/**
 * Plan and run for the UI, bound to the engine's planWorkbook/runWorkbook with one set of clients
 * per call, built from the session's target (live or sandbox).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { accountKeys, createClients, targetIdentity } from '../api/targets.ts';
import { planWorkbook, runWorkbook } from '../core/engine/index.ts';
import { ycmCallCount } from '../core/engine/plan.ts';
import { documentedEstimate } from '../core/plan/estimate.ts';
import { previewRows } from '../core/engine/preview.ts';
import type { EnginePort } from './ports.ts';

export function enginePort(): EnginePort {
  return {
    plan: async (file, target, signal) => {
      const p = await planWorkbook(
        { file },
        { clients: createClients(target.live), target: target.label, signal },
      );
      return {
        report: p.report,
        calls: p.calls,
        estimateSeconds: p.estimateSeconds,
        warnings: p.warnings,
        creates: p.creates,
        orders: p.orders,
        preview: previewRows(p.rows),
        documented: documentedEstimate(ycmCallCount(p.calls)),
      };
    },
    run: async (file, target, settings, hooks) => {
      const r = await runWorkbook(
        { file },
        {
          ...settings,
          ...hooks,
          clients: createClients(target.live, hooks.onWait ? { onWait: hooks.onWait } : {}),
          // The journal's target: the accounts, not the label ("Live (entered in Connect)" is the
          // same for every set of credentials); the sandbox's port changes each launch.
          target: target.sandbox || target.live.kind !== 'live' ? target.label : targetIdentity(target.live),
          // One run per live account on this machine, shared with the CLI (two windows, or the CLI
          // and the app, must not both place an order before either records it). The app's sandbox
          // lives in memory, one per launch: nothing to share.
          ...(!target.sandbox &&
            target.live.kind === 'live' && {
              accountLockDir: process.env['PBX_BULK_HOME'] ?? join(homedir(), '.pbx-bulk'),
              accountKeys: accountKeys(target.live),
            }),
        },
      );
      const stopped = r.stopMessage ?? r.stopped;
      return { report: r.report, ...(stopped ? { stopped } : {}) };
    },
  };
}
