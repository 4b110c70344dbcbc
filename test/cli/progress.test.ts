/**
 * What `run` says while it works when its output is not a terminal (a CI log, `2> run.log`):
 * progress lines every PROGRESS_ROWS rows or PROGRESS_MS, and the rate limit's waits (issue 17,
 * item 9). The reporter is driven with a fake clock; the run itself against the sandbox.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { PROGRESS_MS, PROGRESS_ROWS, progressReporter } from '../../src/cli/progress.ts';
import { captureIo } from '../helpers/cli.ts';
import { pbxRow, writeWorkbook } from '../core/engine/engine-helpers.ts';

const progress = (done: number, total = 100) => ({ done, total, succeeded: done, failed: 0 });

function fakeClock() {
  let now = 0;
  let tick: (() => void) | undefined;
  return {
    now: () => now,
    every: (fn: () => void) => {
      tick = fn;
      return { stop: () => (tick = undefined) };
    },
    advance(ms: number) {
      now += ms;
      tick?.();
    },
  };
}

describe('progress when stderr is not a terminal', () => {
  it('writes a line at the start, every PROGRESS_ROWS rows, after PROGRESS_MS of silence, and at the end', () => {
    const io = captureIo({ isTty: false });
    const clock = fakeClock();
    const reporter = progressReporter(io, clock);
    reporter.onProgress(progress(0));
    for (let done = 1; done < PROGRESS_ROWS; done++) reporter.onProgress(progress(done));
    expect(io.err().trim().split('\n')).toEqual(['Progress: 0/100 rows: 0 succeeded, 0 failed']);
    reporter.onProgress(progress(PROGRESS_ROWS));
    expect(io.err()).toContain(`Progress: ${PROGRESS_ROWS}/100 rows`);
    reporter.onProgress(progress(PROGRESS_ROWS + 1));
    // Nothing done for a while (a PBX becoming ready): the timer says where the run is.
    clock.advance(PROGRESS_MS);
    expect(io.err()).toContain(`Progress: ${PROGRESS_ROWS + 1}/100 rows`);
    reporter.onProgress(progress(100));
    expect(io.err().trim().split('\n').at(-1)).toBe('Progress: 100/100 rows: 100 succeeded, 0 failed');
    reporter.close();
    expect(io.err()).not.toContain('\r');
  });

  it('says a rate-limit wait once per quiet period, and not the bucket spacing of calls', () => {
    const io = captureIo({ isTty: false });
    const clock = fakeClock();
    const reporter = progressReporter(io, clock);
    reporter.onWait('ycm', { cause: 'bucket', waitMs: 50 });
    expect(io.err()).toBe('');
    reporter.onWait('ycm', { cause: 'bucket', waitMs: 4000 });
    reporter.onWait('ycm', { cause: 'bucket', waitMs: 4200 });
    expect(io.err()).toBe("Waiting 4 s for YCM's rate limit...\n");
    clock.advance(PROGRESS_MS);
    reporter.onWait('pp', { cause: 'rate-limited', waitMs: 30_000 });
    expect(io.err()).toContain("Waiting 30 s for the Partner Portal's rate limit (it refused a call");
  });
});

describe('progress on a terminal', () => {
  it('rewrites one line, and puts a wait on a line of its own', () => {
    const io = captureIo({ isTty: true });
    const reporter = progressReporter(io, fakeClock());
    reporter.onProgress(progress(1, 3));
    reporter.onWait('myreports', { cause: 'bucket', waitMs: 1500 });
    reporter.onProgress(progress(3, 3));
    expect(io.err()).toBe(
      "\r1/3 rows: 1 succeeded, 0 failed   \nWaiting 1.5 s for MyReports' rate limit...\n\r3/3 rows: 3 succeeded, 0 failed   \n",
    );
  });
});

describe('pbx-bulk run with its output in a file', () => {
  it('prints progress lines and the rate-limit waits a tight --rate causes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-progress-'));
    const file = await writeWorkbook(dir, { pbx: [pbxRow(75, 'progress-a'), pbxRow(76, 'progress-b')] });
    const io = captureIo({ env: { PBX_BULK_HOME: dir }, isTty: false });
    const args = ['run', file, '--yes', '--rate', '3/3/1', '--report', join(dir, 'r.json')];
    const code = await main(args, io);
    expect(code).toBe(0);
    expect(io.err()).toMatch(/^Progress: 0\/2 rows: 0 succeeded, 0 failed$/m);
    expect(io.err()).toMatch(/^Progress: 2\/2 rows: 2 succeeded, 0 failed/m);
    expect(io.err()).toMatch(/^Waiting 0\.\d s for YCM's rate limit\.\.\.$/m);
    expect(io.err()).not.toContain('\r');
  }, 30_000);
});
