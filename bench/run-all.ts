/**
 * `npm run bench`: runs every benchmark suite in one go, prints each suite's table and writes the
 * figures to bench/results/latest.json (see bench/results/README.md). 1M rows only with
 * BENCH_1M=1 (generating and reading it takes minutes). BENCH_SIZES=1000,5000 overrides the sizes,
 * BENCH_REPEATS=1 the runs per figure (default 3), BENCH_SUITES=validate,run,ui,export which suites
 * run, BENCH_FORMATS=csv which formats the validate suite reads (default xlsx,csv).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BenchFormat } from './generate.ts';
import type { Suite } from './suite.ts';
import { exportSuite } from './export-suite.ts';
import { runSuite } from './run-suite.ts';
import { uiSuite } from './ui-suite.ts';
import { validateSuite } from './validate-suite.ts';

function sizes(): number[] {
  const custom = process.env['BENCH_SIZES'];
  if (custom)
    return custom
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  // 50k shows whether memory still grows once V8's heap has reached its working size (see validate-suite.ts).
  return process.env['BENCH_1M'] === '1' ? [10_000, 50_000, 100_000, 1_000_000] : [10_000, 50_000, 100_000];
}

/** The suites `npm run bench` runs, in order: validate vs bare readers, run vs the token bucket, UI. */
export function suites(): Suite[] {
  const repeats = Number(process.env['BENCH_REPEATS'] ?? 3);
  const only = process.env['BENCH_SUITES']?.split(',').map((x) => x.trim());
  const formats = process.env['BENCH_FORMATS']
    ?.split(',')
    .map((x) => x.trim())
    .filter((x): x is BenchFormat => x === 'xlsx' || x === 'csv');
  const all = [
    validateSuite({
      sizes: sizes(),
      repeats: Number.isInteger(repeats) && repeats > 0 ? repeats : 3,
      ...(formats && formats.length > 0 && { formats }),
    }),
    runSuite(),
    uiSuite(),
    exportSuite(),
  ];
  return only ? all.filter((s) => only.includes(s.name)) : all;
}

async function main(): Promise<void> {
  const started = new Date();
  const load = loadavg()[0];
  const results: Record<string, unknown> = {};
  for (const suite of suites()) {
    process.stdout.write(`\n== ${suite.name} ==\n`);
    const table = await suite.run();
    process.stdout.write(`${table}\n`);
    results[suite.name] = suite.figures?.() ?? null;
  }
  const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
  await mkdir(fileURLToPath(new URL('./results/', import.meta.url)), { recursive: true });
  const machine = {
    node: process.version,
    platform: process.platform,
    cpus: cpus().length,
    memMb: Math.round(totalmem() / 2 ** 20),
    // Other work on the machine skews wall times; the load average says how busy it was.
    loadAvg: { atStart: load, atEnd: loadavg()[0] },
  };
  await writeFile(
    out,
    `${JSON.stringify({ startedAt: started.toISOString(), machine, suites: results }, null, 2)}\n`,
  );
  process.stdout.write(`\nFigures written to ${out}\n`);
}

await main();
