/**
 * Whether Electron's binary is installed, for `npm start`. The quick start installs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1 (the CLI and the tests do not need the binary), and then the
 * `electron` package throws "Electron failed to install correctly" with a stack trace when it is
 * asked for the binary's path: said here in words, with how to get it and what works without it.
 */
import { createRequire } from 'node:module';

/** What `npm start` prints when the binary is missing. */
export const ELECTRON_MISSING = `The desktop app needs Electron's binary, which is not installed: the quick start's
ELECTRON_SKIP_BINARY_DOWNLOAD=1 skips it. Download it (about 100 MB) with

    node node_modules/electron/install.js

(or run \`npm ci\` again without ELECTRON_SKIP_BINARY_DOWNLOAD), then \`npm start\` again.
Without a desktop, \`npx pbx-bulk ui\` serves the same app in your browser.
`;

/**
 * The path of Electron's binary, from the `electron` package at `from` (a file or folder its
 * require resolves from), or undefined when the package has no binary.
 */
export function electronBinary(from: string): string | undefined {
  try {
    const path: unknown = createRequire(from)('electron');
    return typeof path === 'string' ? path : undefined;
  } catch {
    return undefined;
  }
}
