/**
 * `npm run test:soak [-- --rows N] [--seed S] [--passes P] [--clock-offset=SECONDS]`: the fault soak
 * (docs/RELIABILITY.md); --clock-offset=-600 rehearses a workstation 10 minutes fast.
 * 1,000 rows of every kind against the in-process sandbox with 10 % HTTP 500s, 5 % resets after
 * commit, 2 % timeouts (sandbox replies after 2.5 s; the client gives up after 2 s), YCM tokens
 * that expire every 20 s of real time, and a sandbox bucket tighter than the client's so that
 * rate-limit rejections happen. Rows not final after a pass are resumed from the journal (as a
 * user would), up to P passes. Prints rows per outcome, retries, ambiguous writes resolved
 * (journal 'adopted'), rate-limit rejections; fails if anything is lost or doubled.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClients, sandboxTargets } from '../src/api/index.ts';
import { runWorkbook, type RunResult } from '../src/core/engine/index.ts';
import { startSandbox } from '../src/sandbox/server.ts';
import { checkRun } from '../test/reliability/check.ts';
import { writeWorkbook } from '../test/reliability/workbook.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    passes: { type: 'string', default: '6' },
    keep: { type: 'boolean', default: false },
    /** The sandbox's clock this far from this machine's (-600: the workstation 10 minutes fast). */
    'clock-offset': { type: 'string', default: '0' },
  },
});
const clockOffsetMs = Number(values['clock-offset']) * 1000;
const total = Number(values.rows);
const seed = Number(values.seed);
const passes = Number(values.passes);
const FAULTS = { error500: 0.1, resetAfterCommit: 0.05, timeout: 0.02, timeoutMs: 2500, seed };
const CLIENT_TIMEOUT_MS = 2000;
const TOKEN_SECONDS = 20;
/** The sandbox allows 40 at once and 20/s; the client is set to 50 and 25/s, so it overruns. */
const SANDBOX_RATE = { burst: 40, rate: 20, intervalSeconds: 1 };
const CLIENT_BUCKET = { burst: 50, rate: 25, intervalSeconds: 1 };

const dir = mkdtempSync(join(tmpdir(), 'pbx-soak-'));
const workbook = join(dir, 'soak.xlsx');
const journalFile = join(dir, 'soak.journal.jsonl');
// Shape: 85 % PBXs (every fourth with an inline DID), then DID bindings, orders, resizes, profiles.
const shape = {
  pbx: Math.round(total * 0.85),
  didRows: Math.min(40, Math.round(total * 0.04)),
  orderRows: Math.round(total * 0.06),
  resizeRows: Math.round(total * 0.02),
  profileRows: 0,
  tag: 'sk',
};
shape.profileRows = total - shape.pbx - shape.didRows - shape.orderRows - shape.resizeRows;
const built = await writeWorkbook(workbook, shape);
console.log(
  `Fault soak: ${built.total} rows (${shape.pbx} PBX, ${shape.didRows} DID, ${shape.orderRows} orders, ${shape.resizeRows} resizes, ${shape.profileRows} profiles), seed ${seed}`,
);
console.log(
  `Faults: 500 ${FAULTS.error500 * 100}%, reset after commit ${FAULTS.resetAfterCommit * 100}%, timeout ${FAULTS.timeout * 100}% (${FAULTS.timeoutMs} ms vs client ${CLIENT_TIMEOUT_MS} ms); tokens ${TOKEN_SECONDS} s; sandbox bucket ${SANDBOX_RATE.burst}/${SANDBOX_RATE.rate}/${SANDBOX_RATE.intervalSeconds}s, client ${CLIENT_BUCKET.burst}/${CLIENT_BUCKET.rate}/${CLIENT_BUCKET.intervalSeconds}s`,
);

const sandbox = await startSandbox({
  port: 0,
  clock: () => Date.now() + clockOffsetMs,
  faults: FAULTS,
  accessTokenSeconds: TOKEN_SECONDS,
  rate: SANDBOX_RATE,
});
const retries: Record<string, number> = {};
const clients = createClients(sandboxTargets(sandbox), {
  ycm: { bucket: CLIENT_BUCKET, timeoutMs: CLIENT_TIMEOUT_MS, backoff: { baseMs: 100, capMs: 3000 } },
  pp: { timeoutMs: CLIENT_TIMEOUT_MS, backoff: { baseMs: 100, capMs: 3000 } },
  myreports: { timeoutMs: CLIENT_TIMEOUT_MS, backoff: { baseMs: 100, capMs: 3000 } },
  onEvent: (e) => void (retries[e.system] = (retries[e.system] ?? 0) + 1),
});
const started = Date.now();
let result: RunResult | undefined;
const perPass: string[] = [];
for (let pass = 1; pass <= passes; pass++) {
  const t = Date.now();
  result = await runWorkbook(
    { file: workbook },
    {
      clients,
      target: 'SANDBOX (soak)',
      journalFile,
      bucket: CLIENT_BUCKET,
      concurrency: 4,
      // The sandbox lists an order at once: an unclear one waits 2 s, not a real portal's 15 min.
      orders: { listLagMs: 2000 },
    },
  );
  const s = result.report.summary.byStatus;
  perPass.push(`pass ${pass}: ${JSON.stringify(s)} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  console.log(perPass[perPass.length - 1]);
  const reasons = new Map<string, number>();
  for (const row of result.report.rows) {
    if (row.status === 'succeeded' || row.status === 'valid') continue;
    const m = row.messages.find((x) => x.level !== 'info')?.message ?? '(no message)';
    const reason = `${row.status}: ${m.replace(/\d+/g, 'N').slice(0, 90)}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  for (const [reason, n] of reasons) console.log(`    ${String(n).padStart(4)} × ${reason}`);
  if ((s.succeeded ?? 0) + (s.invalid ?? 0) === built.total) break;
}
const seconds = (Date.now() - started) / 1000;
const stats = sandbox.stats();
const state = sandbox.state();
await sandbox.close();
if (!result) throw new Error('no pass ran');

const verdict = checkRun(built, result.report, state);
const journal = readFileSync(journalFile, 'utf8').split('\n').filter(Boolean);
const adopted = journal.filter((l) => l.includes('"outcome":"adopted"')).length;
const unknown = journal.filter((l) => l.includes('"outcome":"unknown"')).length;
const ycm = clients.ycm;
console.log('');
console.log(`Rows per outcome: ${JSON.stringify(verdict.byStatus)}`);
console.log(`Requests: ${stats.requests}; injected faults: ${JSON.stringify(stats.faults)}`);
console.log(
  `Client retries: ${JSON.stringify(retries)}; YCM attempts ${ycm?.stats.attempts ?? 0}, retries ${ycm?.stats.retries ?? 0}`,
);
console.log(`Ambiguous writes: ${unknown} journaled 'unknown', ${adopted} resolved by adoption ('adopted')`);
console.log(
  `Rate-limit rejections (429 / 10007 from the sandbox): ${stats.rateLimited}; client saw ${ycm?.stats.rateLimited ?? 0}`,
);
console.log(`YCM tokens: ${JSON.stringify(ycm?.tokenStats ?? {})} (expiry every ${TOKEN_SECONDS} s)`);
console.log(`Created: ${JSON.stringify(stats.created)}; ${seconds.toFixed(0)} s in total`);
for (const p of verdict.problems.slice(0, 30)) console.log(`  - ${p}`);
const doubled = verdict.problems.filter((p) => /exists \d+ times|\d+ orders|\d+ profiles/.test(p)).length;
console.log(`Lost or not final: ${verdict.problems.length - doubled}; doubled: ${doubled}`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
else console.log(`Kept ${dir}`);
process.exitCode = verdict.problems.length > 0 ? 1 : 0;
