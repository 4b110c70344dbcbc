/**
 * `npm start`: builds the app and launches it in Electron, or, when Electron's binary is not
 * installed (the quick start skips it), says how to get it instead of Electron's stack trace.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ELECTRON_MISSING, electronBinary } from './electron-check.ts';

const root = join(import.meta.dirname, '..');
const binary = electronBinary(join(root, 'package.json'));
if (!binary) {
  process.stderr.write(ELECTRON_MISSING);
  process.exit(1);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const build = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const app = spawnSync(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(app.status ?? 1);
