/**
 * Browser mode as a newcomer meets it (issue 17): `pbx-bulk ui` on a fresh clone, two launches in
 * one browser, errors shown next to what caused them, the dry run agreeing with Review, per-sheet
 * CSV exports, and a LIVE target that cannot be mistaken for the sandbox. Chromium at 1366x768.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as runUi, startUi } from '../../src/cli/commands/ui.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { captureIo } from '../helpers/cli.ts';
import { tempHomeEnv } from '../helpers/temp-home.ts';
import { liveEnv } from '../helpers/live-env.ts';
import { CHROMIUM, HAS_CHROMIUM } from './harness.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
const SHOTS = process.env['PBX_SHOTS'] ?? '/tmp/shots-app';
const VIEWPORT = { width: 1366, height: 768 };

/** True when the element is wholly inside the window (not scrolled out of view). */
const inView = (l: Locator): Promise<boolean> =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const w = globalThis as unknown as { innerHeight: number };
    // Within a pixel: scrolled into view, a box may end a fraction past the window's edge.
    return r.top >= -1 && r.bottom <= w.innerHeight + 1;
  });

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`) });

describe.skipIf(!HAS_CHROMIUM)('browser mode as a newcomer meets it, in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let staticDir = '';
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true });
  });
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
    await browser?.close();
  });

  it('`pbx-bulk ui` on a fresh clone builds the screens on its first start, then serves them', async () => {
    // As after `npm ci`: nothing built.
    staticDir = join(await mkdtemp(join(tmpdir(), 'pbx-fresh-')), 'renderer');
    let stop = (): void => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const io = captureIo({ env: { ...tempHomeEnv(), CI: '1' } });
    const exit = runUi([], io, { staticDir, stop: stopped });
    try {
      await vi.waitFor(() => expect(io.out()).toContain('Open: '), { timeout: 150_000, interval: 200 });
      expect(io.out()).toMatch(/Building the app's screens \(not built yet\)/);
      const page = await context.newPage();
      await page.goto(/Open: (\S+)/.exec(io.out())?.[1] ?? '');
      await page.getByRole('heading', { name: 'Connect' }).waitFor();
      await page.close();
    } finally {
      stop();
    }
    expect(await exit).toBe(0);
    expect(io.err()).toBe('');
  }, 180_000);

  async function launch(env: Record<string, string> = {}): Promise<{ page: Page; link: () => string }> {
    const ui = await startUi({ port: 0, env: { ...tempHomeEnv(), ...env }, staticDir });
    closers.push(ui.close);
    const page = await context.newPage();
    await page.goto(ui.server.link());
    await page.getByRole('heading', { name: 'Connect' }).waitFor();
    return { page, link: () => ui.server.link() };
  }

  let first: Page;

  it('two launches (two ports) in one browser each keep working', async () => {
    ({ page: first } = await launch());
    const second = await launch();
    // The second launch's cookie must not have replaced the first's.
    await first.getByRole('button', { name: 'Test connection' }).click();
    await first.getByRole('list', { name: /Connection test for/ }).waitFor();
    expect(await first.getByRole('alert').count()).toBe(0);
    await second.page.reload();
    await second.page.getByRole('heading', { name: 'Connect' }).waitFor();
    await second.page.close();
  });

  it('a credentials error is shown in the form, in view, naming the field as labelled; it stays there', async () => {
    const page = first;
    const ycm = page.getByRole('group', { name: 'Yeastar Central Management' });
    await ycm.getByLabel('Base URL').fill('http://ycm.example.com');
    await ycm.getByLabel('Client ID').fill('client-1');
    await ycm.getByLabel('Client secret').fill('not-a-real-secret');
    await page.getByRole('button', { name: 'Save and use' }).click();
    const alert = page.getByRole('form', { name: 'Live credentials' }).getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain("'YCM Base URL' must use https://");
    expect(text).not.toContain('YCM_BASE_URL');
    expect(await inView(alert)).toBe(true);
    expect(await ycm.getByLabel('Base URL').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '1c-connect-credentials-error');
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByRole('heading', { name: 'Open a sheet' }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('mapping two columns to one field names both columns as in the sheet, next to the mapping', async () => {
    const page = first;
    await page.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
    await page.getByRole('button', { name: 'Check column mapping' }).click();
    await page.getByLabel('Field for column Recording', { exact: true }).selectOption('plan');
    await page.getByRole('button', { name: 'Apply mapping and re-validate' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(
      "Columns 'Plan' (B) and 'Recording' (E) would both fill the field plan",
    );
    expect(await inView(alert)).toBe(true);
    await shot(page, '3b-map-clash');
    await page.getByLabel('Field for column Recording', { exact: true }).selectOption('recordingStatus');
  });

  it('after a run, the dry run lists the rows it will not send, as Review shows them; quota use is no warning', async () => {
    const page = first;
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Plan again' }).click();
    const rows = page.getByTestId('plan-rows');
    await rows.waitFor({ timeout: 60_000 });
    // The two rows left invalid, and the order for a PBX the run created: 3, and 3 skipped PBXs.
    expect(await rows.textContent()).toMatch(/3 row\(s\) have errors and will not be sent/);
    expect(await rows.textContent()).toContain('Expansions row 2');
    expect(await page.getByTestId('plan-skipped').textContent()).toMatch(/3 row\(s\) skipped/);
    expect(await page.locator('li.warning').filter({ hasText: 'Quota use' }).count()).toBe(0);
    await shot(page, '5-plan');
    await page
      .getByRole('button', { name: /Review/ })
      .first()
      .click();
    const invalid = page.getByTestId('invalid-count');
    await invalid.waitFor();
    // Every sheet's rows with errors, as the Plan screen counted them.
    const counts = await page.getByRole('tab').count();
    let total = Number(await invalid.textContent());
    for (let i = 1; i < counts; i++) {
      await page.getByRole('tab').nth(i).click();
      await page.waitForTimeout(100);
      total += Number(await invalid.textContent());
    }
    expect(total).toBe(3);
  }, 240_000);

  it('exports one CSV per sheet, each with the sheet’s own columns and the results', async () => {
    const page = first;
    await page
      .getByRole('button', { name: /Results/ })
      .first()
      .click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV: PBX' }).click();
    const csv = await readFile((await (await download).path()) ?? '', 'utf8');
    const [header = ''] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(/^PBX name,Plan,Extensions,/);
    expect(header).toContain('Result: status');
    expect(csv).toContain('Acme');
  });

  it('LIVE is unmistakable: a banner naming the account, and billed orders confirmed by typing their count', async () => {
    const vendor: Sandbox = await startSandbox({ port: 0 });
    closers.push(() => vendor.close());
    const { page } = await launch(liveEnv(vendor));
    const banner = page.getByRole('status', { name: /^LIVE/ });
    expect(await banner.textContent()).toContain('LIVE: real PBXs are created and orders billed');
    expect(await banner.textContent()).toContain(`client ${vendor.credentials.ycm.clientId}`);
    expect(await page.getByText('SANDBOX: nothing real is created').count()).toBe(0);
    expect(await page.content()).not.toContain(vendor.credentials.ycm.clientSecret);
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
    await page.getByLabel('I have checked the counts above and want to run').check();
    const start = page.getByRole('button', { name: 'Start the run' });
    const typed = page.getByLabel(/Type 1 to confirm them/);
    expect(await start.isDisabled()).toBe(true);
    await typed.fill('2');
    expect(await start.isDisabled()).toBe(true);
    await typed.fill('1');
    expect(await start.isDisabled()).toBe(false);
    await typed.scrollIntoViewIfNeeded();
    await shot(page, '5b-plan-live');
  });
});
