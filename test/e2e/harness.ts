/**
 * Shared set-up for the browser-mode end-to-end tests: build the renderer once into a temp dir,
 * start `pbx-bulk ui` in-process on a free port against the sandbox, and drive Debian's Chromium.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startUi } from '../../src/cli/commands/ui.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SHOTS = '/tmp/shots';
const ROOT = join(import.meta.dirname, '../..');

/** Builds the renderer as `npm run build` does, into a directory of its own. */
export async function buildRenderer(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'pbx-renderer-'));
  // Vitest sets NODE_ENV=test, and Vite then bundles React's development build (prop validation,
  // dev warnings, 3x slower renders): not what `npm run build` ships, and not what a user runs.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: join(ROOT, 'renderer/vite.config.ts'),
      logLevel: 'error',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

export interface Harness {
  browser: Browser;
  page: Page;
  url: string;
  /** The sandbox behind this launch (to inject faults). */
  sandbox: Sandbox | undefined;
  /** A fresh link to the app (another tab or browser). */
  link(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The launch's environment (live credentials); its tool home is always a fresh temp folder. */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
}

export async function startHarness(staticDir: string, options: HarnessOptions = {}): Promise<Harness> {
  await mkdir(SHOTS, { recursive: true });
  const ui = await startUi({ port: 0, env: { ...tempHomeEnv(), ...options.env }, staticDir });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  return {
    browser,
    page,
    url: ui.server.link(),
    sandbox: ui.sandboxServer,
    link: () => ui.server.link(),
    close: async () => {
      await browser.close();
      await ui.close();
    },
  };
}

export const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`) });
