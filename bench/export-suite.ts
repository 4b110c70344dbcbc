/**
 * The `export` suite (issue 18): calls an export makes for an account of N Cloud PBXs, split into
 * the paged lists and the calls per PBX (target: at most one per PBX beyond the lists), the time it
 * takes without a rate limit, and the time YCM's default token bucket alone would need for those
 * calls. The account is a sandbox state file (account-state.ts), read over loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BUCKET, YcmClient, sandboxTargets } from '../src/api/index.ts';
import { exportAccount } from '../src/core/export/export.ts';
import { bucketSeconds } from '../src/core/plan/estimate.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { writeAccountState } from './account-state.ts';
import { formatTable, type Suite } from './suite.ts';

interface ExportFigure {
  pbxs: number;
  calls: number;
  listCalls: number;
  perPbxCalls: number;
  perPbx: number;
  seconds: number;
  bucketSeconds: number;
}

async function measure(count: number): Promise<ExportFigure> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'));
  try {
    writeAccountState(join(dir, 'state.json'), count);
    const sandbox = await startSandbox({ port: 0, stateFile: join(dir, 'state.json') });
    try {
      const target = sandboxTargets(sandbox).ycm;
      if (!target) throw new Error('no YCM target');
      const ycm = new YcmClient({
        ...target,
        pacing: { bucket: { burst: 1e6, rate: 1e6, intervalSeconds: 1 } },
      });
      const started = performance.now();
      const result = await exportAccount(ycm, join(dir, 'account.xlsx'), 'all');
      const seconds = (performance.now() - started) / 1000;
      const byEndpoint = Object.entries(sandbox.stats().byEndpoint).filter(([e]) => !e.includes('oauth'));
      const calls = byEndpoint.reduce((n, [, c]) => n + c, 0);
      const perPbxCalls = byEndpoint
        .filter(([e]) => e.includes(':') || e.includes('/pbx/used'))
        .reduce((n, [, c]) => n + c, 0);
      return {
        pbxs: result.pbxs,
        calls,
        listCalls: calls - perPbxCalls,
        perPbxCalls,
        perPbx: perPbxCalls / result.pbxs,
        seconds,
        bucketSeconds: bucketSeconds(calls, DEFAULT_BUCKET),
      };
    } finally {
      await sandbox.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function exportSuite(sizes: readonly number[] = [100, 1000]): Suite {
  const figures: ExportFigure[] = [];
  return {
    name: 'export',
    async run() {
      for (const n of sizes) figures.push(await measure(n));
      return formatTable(
        [
          'PBXs',
          'calls',
          'lists',
          'per PBX',
          'per-PBX calls/PBX (target ≤ 1)',
          'wall s (no limit)',
          'bucket s (default)',
        ],
        figures.map((f) => [
          String(f.pbxs),
          String(f.calls),
          String(f.listCalls),
          String(f.perPbxCalls),
          `${f.perPbx.toFixed(2)} ${f.perPbx <= 1 ? 'ok' : 'OVER'}`,
          f.seconds.toFixed(1),
          f.bucketSeconds.toFixed(0),
        ]),
      );
    },
    figures: () => ({ target: { perPbxCalls: 1 }, results: figures }),
  };
}
