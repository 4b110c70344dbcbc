import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.ts';

/** A CliIo that captures stdout/stderr as strings, for CLI tests run in-process. */
export function captureIo(overrides: Partial<CliIo> = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    stdout,
    stderr,
    env: {},
    cwd: process.cwd(),
    isTty: false,
    ...overrides,
    out: () => out,
    err: () => err,
  };
}
