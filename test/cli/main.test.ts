import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/cli.ts';

describe('pbx-bulk dispatch', () => {
  it('prints usage listing every command and exits 2 when no command is given', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    for (const name of ['template', 'validate', 'plan', 'run', 'resume', 'sandbox', 'ui']) {
      expect(io.out()).toContain(name);
    }
  });

  it('rejects an unknown command by name with exit 2', async () => {
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
  });
});
