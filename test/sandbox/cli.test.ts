import { describe, expect, it } from 'vitest';
import { run, sandboxOptions, serve } from '../../src/cli/commands/sandbox.ts';
import { captureIo } from '../helpers/cli.ts';

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe('pbx-bulk sandbox', () => {
  it('prints the three base URLs and the demo credentials, serves until stopped, then closes', async () => {
    const io = captureIo();
    let stop: () => void = () => undefined;
    const done = serve(
      ['--port', '0', '--rate', '600/300/180', '--faults', 'error500=0'],
      io,
      new Promise<void>((r) => (stop = r)),
    );
    await until(() => io.out().includes('MyReports base URL'));
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1] ?? '';
    expect(io.out()).toContain(`MyReports base URL:      ${url}/api`);
    expect(io.out()).toContain('sandbox-ycm-client');
    expect(io.out()).toContain('sandbox-pp-secret');
    expect(io.out()).toContain('sandbox-myreports-token');
    const reply = await fetch(`${url}/dm/open_api/v1/cluster/regions`, { headers: { 'User-Agent': 't' } });
    expect(await reply.json()).toMatchObject({ status: 'Failed', errorCode: 1000036 });
    stop();
    expect(await done).toBe(0);
    await expect(fetch(`${url}/dm/open_api/v1/cluster/regions`)).rejects.toThrow();
  });

  it('shows help and refuses bad options with exit code 2', async () => {
    const help = captureIo();
    expect(await run(['--help'], help)).toBe(0);
    expect(help.out()).toContain('--faults SPEC');
    const bad = captureIo();
    expect(await run(['--rate', '5/10/60'], bad)).toBe(2);
    expect(bad.err()).toContain('RATE (10) must not exceed BURST (5)');
    const badFaults = captureIo();
    expect(await run(['--faults', 'explode=1'], badFaults)).toBe(2);
  });
});

describe('pbx-bulk sandbox --pbx-start-ms', () => {
  it('sets how long a new PBX is Starting, and refuses a value that is not milliseconds', () => {
    expect(sandboxOptions(['--pbx-start-ms', '0'])).toMatchObject({ assumptions: { newPbxStartingMs: 0 } });
    expect(sandboxOptions(['--pbx-start-ms', '5000'])).toMatchObject({
      assumptions: { newPbxStartingMs: 5000 },
    });
    expect(() => sandboxOptions(['--pbx-start-ms', 'soon'])).toThrow(/--pbx-start-ms must be a number/);
  });
});
