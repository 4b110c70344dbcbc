import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('pbx-bulk with its output piped into a reader that stops early (`... | head`)', () => {
  it('drops the output quietly, still writes the report, and keeps its exit code', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'pbx-cli-pipe-')), 'report.json');
    const child = spawn(
      process.execPath,
      ['bin/pbx-bulk.mjs', 'validate', 'templates/sample.xlsx', '--report', report],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy(); // the reader is gone before the first line
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(err).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(1); // the sample has two invalid rows
    expect(existsSync(report)).toBe(true);
    const written = JSON.parse(readFileSync(report, 'utf8')) as {
      summary: { byStatus: Record<string, number> };
    };
    expect(written.summary.byStatus['invalid']).toBe(2);
  }, 60_000);
});

describe.skipIf(!existsSync('/dev/full'))('pbx-bulk with its output going to a full disk', () => {
  it('writes the report and keeps its exit code, with no stack trace', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'pbx-cli-full-')), 'report.json');
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(
        process.execPath,
        ['bin/pbx-bulk.mjs', 'validate', 'templates/sample.xlsx', '--report', report],
        { cwd: ROOT, stdio: ['ignore', full, 'pipe'] },
      );
      let err = '';
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const [code] = (await once(child, 'close')) as [number | null];
      expect(err).not.toMatch(/ENOSPC|\n\s+at /);
      expect(code).toBe(1); // the sample's two invalid rows, not a crash
      expect(existsSync(report)).toBe(true);
    } finally {
      closeSync(full);
    }
  }, 60_000);
});
