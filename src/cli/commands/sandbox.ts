/**
 * `pbx-bulk sandbox [--port P] [--state FILE] [--rate BURST/RATE/SECONDS] [--latency MS]
 * [--pbx-start-ms MS] [--faults SPEC] [--clock-offset SECONDS]`:
 * runs the local simulator of YCM, the Partner Portal and MyReports until SIGINT/SIGTERM, printing
 * the base URLs and demo credentials (sandbox-only values, safe to show).
 */
import { parseArgs } from 'node:util';
import { parseRate } from '../../sandbox/bucket.ts';
import { parseFaultSpec } from '../../sandbox/faults.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server.ts';
import { EXIT, type CliIo } from '../io.ts';

const USAGE = `usage: pbx-bulk sandbox [options]

  --port P                   port on 127.0.0.1 (default 8787; 0 = any free port)
  --state FILE               load and persist the sandbox state in FILE (survives restarts)
  --rate BURST/RATE/SECONDS  YCM token bucket per client id, e.g. 600/300/180 (default: no limit)
  --latency MS               delay every reply by MS milliseconds
  --clock-offset SECONDS     run the sandbox's clock this far from this machine's (e.g. -600: the
                             workstation is 10 minutes fast), to rehearse a skewed clock
  --pbx-start-ms MS          a new PBX is Starting for MS ms before Running (default 800; 0 = at once)
  --faults SPEC              inject faults into non-token calls, e.g.
                             error500=0.05,resetAfterCommit=0.02,timeout=0.01,noData=0.01,timeoutMs=35000,seed=7,only=/cloud_pbx|/order
                             (or the same as JSON)
  --help                     show this help
`;

/** Parses the options; throws Error with a user-facing message on bad input. */
export function sandboxOptions(argv: string[]): SandboxOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      state: { type: 'string' },
      rate: { type: 'string' },
      latency: { type: 'string' },
      'pbx-start-ms': { type: 'string' },
      faults: { type: 'string' },
      'clock-offset': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument '${positionals[0] ?? ''}'`);
  const opts: SandboxOptions = { port: 8787 };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0-65535, got '${values.port}'`);
    opts.port = port;
  }
  if (values.state !== undefined) opts.stateFile = values.state;
  if (values.rate !== undefined) opts.rate = parseRate(values.rate);
  if (values.latency !== undefined) {
    const ms = Number(values.latency);
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`--latency must be a number of milliseconds, got '${values.latency}'`);
    opts.latencyMs = ms;
  }
  if (values.faults !== undefined) opts.faults = parseFaultSpec(values.faults);
  if (values['clock-offset'] !== undefined) {
    const seconds = Number(values['clock-offset']);
    if (!Number.isFinite(seconds))
      throw new Error(`--clock-offset must be a number of seconds, got '${values['clock-offset']}'`);
    opts.clock = () => Date.now() + seconds * 1000;
  }
  const startMs = values['pbx-start-ms'];
  if (startMs !== undefined) {
    const ms = Number(startMs);
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`--pbx-start-ms must be a number of milliseconds, got '${startMs}'`);
    opts.assumptions = { ...opts.assumptions, newPbxStartingMs: ms };
  }
  return opts;
}

/** The banner: base URLs and demo credentials. */
export function describeSandbox(sb: Sandbox): string {
  const c = sb.credentials;
  return [
    `Sandbox listening on ${sb.url}`,
    `  YCM base URL:            ${sb.ycmBaseUrl}    (client id ${c.ycm.clientId}, secret ${c.ycm.clientSecret})`,
    `  Partner Portal base URL: ${sb.ppBaseUrl}    (client id ${c.pp.clientId}, secret ${c.pp.clientSecret})`,
    `  MyReports base URL:      ${sb.myreportsBaseUrl}    (token ${c.myreports.token}, account ${c.myreports.accountId})`,
    'These are sandbox-only demo credentials. Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Starts the sandbox, prints the banner, and closes it when `stop` resolves. */
export async function serve(argv: string[], io: CliIo, stop: Promise<unknown>): Promise<number> {
  let opts: SandboxOptions | 'help';
  try {
    opts = sandboxOptions(argv);
  } catch (err) {
    io.stderr.write(`pbx-bulk sandbox: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return EXIT.unusable;
  }
  if (opts === 'help') {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  let sb: Sandbox;
  try {
    sb = await startSandbox(opts);
  } catch (err) {
    io.stderr.write(`pbx-bulk sandbox: cannot start: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.unusable;
  }
  io.stdout.write(describeSandbox(sb));
  await stop;
  await sb.close();
  const s = sb.stats();
  io.stdout.write(`Sandbox stopped after ${s.requests} requests (${s.rateLimited} rate-limited).\n`);
  return EXIT.ok;
}

/** CLI entry: runs until SIGINT or SIGTERM. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  let onSignal: () => void = () => undefined;
  const stop = new Promise<void>((resolve) => (onSignal = resolve));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await serve(argv, io, stop);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
