/**
 * Ctrl-C while `run` is still planning (issue 17, bug 10): the run stops before anything is
 * written, without printing the plan's "About to create…" question after "Stopping:". A real
 * `pbx-bulk` process, signalled while a sandbox on loopback (the live target) answers a lookup.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';
import { BIN, ROOT, targetEnv } from '../reliability/processes.ts';

let live: Sandbox | undefined;
afterEach(async () => {
  await live?.close();
  live = undefined;
});

describe('Ctrl-C during planning', () => {
  it('stops (exit 3) with nothing written and no confirmation question after "Stopping:"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-interrupt-'));
    const file = await writeWorkbook(dir, {
      pbx: [71, 72, 73, 74].map((n) => pbxRow(n, `interrupt-${n}`)),
    });
    const interrupt: { send?: () => void } = {};
    live = await startSandbox({
      port: 0,
      stateFile: join(dir, 'live-state.json'),
      latencyMs: 250,
      // The quota lookup comes once every row has its action: the plan would create all four.
      onRequest: (request) => {
        if (request.url.endsWith('/subscription')) interrupt.send?.();
      },
    });
    const sandbox = live;
    const child = spawn(process.execPath, [BIN, 'run', file, '--yes', '--report', join(dir, 'r.json')], {
      cwd: ROOT,
      env: targetEnv(sandbox.url, dir),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    interrupt.send = () => child.kill('SIGINT');
    let err = '';
    let out = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(err).toContain('Stopping:');
    expect(err.slice(err.indexOf('Stopping:'))).not.toMatch(/About to create/);
    expect(out).not.toMatch(/About to create|Call plan/);
    expect(err).toMatch(/stopped while planning; nothing was written/i);
    expect(code).toBe(3);
    expect(sandbox.state().ycm.pbxs.filter((p) => p.subDomain.startsWith('interrupt-'))).toHaveLength(0);
  }, 30_000);
});
