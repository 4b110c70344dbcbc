import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/cli.ts';

describe('pbx-bulk dispatch', () => {
  it('prints usage listing every command and exits 2 when no command is given', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    for (const name of ['template', 'validate', 'plan', 'run', 'resume', 'sandbox', 'ui']) {
      expect(io.err()).toContain(name);
    }
  });

  it("'help COMMAND' and 'COMMAND -h' print that command's options", async () => {
    for (const args of [
      ['help', 'validate'],
      ['validate', '-h'],
    ]) {
      const io = captureIo();
      expect(await main(args, io)).toBe(0);
      expect(io.out()).toContain('usage: pbx-bulk validate FILE');
      expect(io.out()).toContain('--max-errors');
    }
  });

  it("'help' with an unknown command is refused like the command itself", async () => {
    const io = captureIo();
    expect(await main(['help', 'nope'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'nope'");
  });

  it('rejects an unknown command by name with exit 2', async () => {
    const io = captureIo();
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
  });

  it.each([
    ['validate', 'FILE'],
    ['plan', 'FILE'],
    ['run', 'FILE'],
    ['resume', 'JOURNAL'],
  ])(
    '%s without its %s, or with two, prints its usage and exits 2; --help exits 0',
    async (command, operand) => {
      for (const args of [[], ['a.xlsx', 'b.xlsx']]) {
        const io = captureIo();
        expect(await main([command, ...args], io)).toBe(2);
        expect(io.err()).toContain(`pbx-bulk ${command}: give exactly one ${operand}`);
        expect(io.err()).toContain(`usage: pbx-bulk ${command} ${operand}`);
      }
      const help = captureIo();
      expect(await main([command, '--help'], help)).toBe(0);
      expect(help.out()).toMatch(/--report/);
      const typo = captureIo();
      expect(await main([command, '--reprot', 'x.json', 'a.xlsx'], typo)).toBe(2);
      expect(typo.err()).toContain('--reprot');
    },
  );
});
