import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ELECTRON_MISSING, electronBinary } from '../scripts/electron-check.ts';

const ELECTRON = join(import.meta.dirname, '../node_modules/electron');

/** A folder with a copy of the `electron` package's loader, with or without its binary's path. */
function electronPackage(binary?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pbx-electron-'));
  const pkg = join(dir, 'node_modules/electron');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ELECTRON, 'index.js'), join(pkg, 'index.js'));
  cpSync(join(ELECTRON, 'package.json'), join(pkg, 'package.json'));
  if (binary) writeFileSync(join(pkg, 'path.txt'), binary);
  return join(dir, 'package.json');
}

describe('npm start without the Electron binary (issue 17, bug 12)', () => {
  it('finds no binary where the quick start skipped it, and says how to get it in words', () => {
    expect(electronBinary(electronPackage())).toBeUndefined();
    expect(ELECTRON_MISSING).toContain('node node_modules/electron/install.js');
    expect(ELECTRON_MISSING).toContain('npx pbx-bulk ui');
  });

  it('finds the binary when it is installed', () => {
    expect(electronBinary(electronPackage('electron'))).toMatch(
      /node_modules[/\\]electron[/\\]dist[/\\]electron$/,
    );
  });
});
