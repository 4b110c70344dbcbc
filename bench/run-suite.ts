/**
 * The `run` suite (issue 6 item 5): calls per created PBX, and the run's wall time against the
 * token bucket's own bound, both measured in this run. The sandbox enforces a tight YCM bucket and
 * the client paces itself with the same bucket, so the run cannot beat the bound; the ratio says
 * how close it gets (1.0 = as fast as the vendor's limit allows). An unthrottled run of the same
 * workbook is the baseline for what the work costs without any limit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createClients, sandboxTargets } from '../src/api/index.ts';
import { runWorkbook } from '../src/core/engine/index.ts';
import { bucketSeconds, type BucketShape } from '../src/core/plan/estimate.ts';
import { CATALOGUES } from '../src/core/schema/catalogue.ts';
import { EXAMPLE_ROWS } from '../src/core/templates/sample-rows.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { formatTable, type Suite } from './suite.ts';

interface RunFigure {
  pbxs: number;
  bucket: string;
  ycmCalls: number;
  callsPerPbx: number;
  wallSeconds: number;
  boundSeconds: number;
  ratio: number;
  unthrottledSeconds: number;
  rateLimited: number;
  succeeded: number;
}

/** A workbook of `n` PBX rows (no DIDs: the sandbox has fewer free DIDs than rows). */
async function workbook(dir: string, n: number): Promise<string> {
  const file = join(dir, `run-${n}.xlsx`);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('PBX');
  const fields = CATALOGUES.pbx.fields.filter(
    (f) => !['dids', 'trunk', 'didIds', 'trunkId'].includes(f.path),
  );
  sheet.addRow(fields.map((f) => f.path));
  const base = EXAMPLE_ROWS.pbx[0] ?? {};
  for (let i = 0; i < n; i++) {
    const row: Record<string, string> = { ...base, name: `Bench Co ${i}`, subDomain: `bench-run-${i}` };
    sheet.addRow(fields.map((f) => row[f.path] ?? ''));
  }
  await wb.xlsx.writeFile(file);
  return file;
}

async function timedRun(
  file: string,
  dir: string,
  bucket: BucketShape | undefined,
): Promise<{ seconds: number; ycmCalls: number; rateLimited: number; succeeded: number }> {
  const sandbox = await startSandbox({ port: 0, ...(bucket && { rate: bucket }) });
  try {
    const clients = createClients(sandboxTargets(sandbox), bucket ? { ycm: { bucket } } : {});
    const started = performance.now();
    const result = await runWorkbook(
      { file },
      {
        clients,
        journalFile: join(dir, `j-${Date.now()}-${Math.random()}.jsonl`),
        concurrency: 4,
        ...(bucket && { bucket }),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    const stats = sandbox.stats();
    const ycmCalls = Object.entries(stats.byEndpoint)
      .filter(([k]) => k.includes('/dm/open_api/'))
      .reduce((n, [, v]) => n + v, 0);
    return {
      seconds,
      ycmCalls,
      rateLimited: stats.rateLimited,
      succeeded: result.report.summary.byStatus.succeeded ?? 0,
    };
  } finally {
    await sandbox.close();
  }
}

/** The suite for `npm run bench`. */
export function runSuite(options: { sizes?: readonly number[]; bucket?: BucketShape } = {}): Suite {
  const sizes = options.sizes ?? [100, 500];
  const bucket = options.bucket ?? { burst: 40, rate: 20, intervalSeconds: 1 };
  const figures: RunFigure[] = [];
  return {
    name: 'run',
    figures: () => figures,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'pbx-bulk-run-bench-'));
      try {
        for (const n of sizes) {
          const file = await workbook(dir, n);
          const free = await timedRun(file, dir, undefined);
          const paced = await timedRun(file, dir, bucket);
          const bound = bucketSeconds(paced.ycmCalls, bucket);
          figures.push({
            pbxs: n,
            bucket: `${bucket.burst}/${bucket.rate}/${bucket.intervalSeconds}s`,
            ycmCalls: paced.ycmCalls,
            callsPerPbx: paced.ycmCalls / n,
            wallSeconds: paced.seconds,
            boundSeconds: bound,
            ratio: bound > 0 ? paced.seconds / bound : Number.NaN,
            unthrottledSeconds: free.seconds,
            rateLimited: paced.rateLimited,
            succeeded: paced.succeeded,
          });
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      const rows = figures.map((f) => [
        String(f.pbxs),
        String(f.succeeded),
        String(f.ycmCalls),
        f.callsPerPbx.toFixed(2),
        f.bucket,
        `${f.boundSeconds.toFixed(1)} s`,
        `${f.wallSeconds.toFixed(1)} s`,
        f.ratio.toFixed(2),
        `${f.unthrottledSeconds.toFixed(1)} s`,
        String(f.rateLimited),
      ]);
      return formatTable(
        [
          'PBXs',
          'created',
          'YCM calls',
          'calls/PBX',
          'bucket',
          'bucket bound',
          'run',
          'run/bound',
          'no limit',
          '1000040 replies',
        ],
        rows,
      );
    },
  };
}
