import { describe, expect, it } from 'vitest';
import { parseUiArgs, run } from '../../../src/cli/commands/ui.ts';
import { captureIo } from '../../helpers/cli.ts';

describe('pbx-bulk ui options', () => {
  it('defaults to a free port and opening the browser', () => {
    expect(parseUiArgs([])).toEqual({ port: 0, open: true });
    expect(parseUiArgs(['--port', '8080', '--no-open'])).toEqual({ port: 8080, open: false });
    expect(parseUiArgs(['--port=9000'])).toEqual({ port: 9000, open: true });
  });

  it('rejects a bad port or an unknown option with exit code 2', async () => {
    const io = captureIo();
    expect(await run(['--port', 'http'], io)).toBe(2);
    expect(io.err()).toContain('--port takes a number');
    expect(await run(['--host', '0.0.0.0'], captureIo())).toBe(2);
  });

  it('explains itself with --help', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toContain('127.0.0.1');
  });
});
