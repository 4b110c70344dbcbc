/**
 * Issue 17, Run and Results in Chromium at 1366x768 (items 5 and 6, bugs 2 and 6): the progress bar
 * split by outcome, the live chart with rate-limit waits, the "waiting for the rate limit" state,
 * rows by customer; a reload during the run attaches to it; each start shows a fresh view; the
 * results grid with links, ids, plain problems and vendor codes, filterable, with a summary chart;
 * the canary pause shows what it created.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, HAS_CHROMIUM, SHOTS, startHarness, type Harness } from './harness.ts';

const ROWS = 40;
const FIRST = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Tailspin',
  'Wingtip',
  'Litware',
  'Adatum',
  'Proseware',
  'Lucerne',
  'Woodgrove',
];
const SECOND = ['Dental', 'Logistics', 'Legal', 'Bakery'];
/** A customer name of the sheet below ("Contoso Legal"). */
const CUSTOMER = new RegExp(`^(${FIRST.join('|')}) (${SECOND.join('|')})$`);

/**
 * The template's example PBX row (templates/pbx.csv), 40 times, one customer per row: its own
 * name, subdomain, admin e-mail, device name and a free sandbox DID.
 */
async function customersSheet(): Promise<string> {
  const [header = '', example = ''] = (
    await readFile(join(import.meta.dirname, '../../templates/pbx.csv'), 'utf8')
  )
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const headers = header.split(',');
  const col = (name: string): number => headers.indexOf(name);
  const lines = [header];
  for (let i = 0; i < ROWS; i++) {
    const name = `${FIRST[i % FIRST.length]} ${SECOND[Math.floor(i / FIRST.length) % SECOND.length]}`;
    const sub = name.toLowerCase().replace(/ /g, '-');
    const cells = example.split(',');
    cells[col('PBX name')] = name;
    cells[col('Subdomain')] = sub;
    cells[col('DIDs')] = `+1202555${String(102 + i).padStart(4, '0')}`;
    cells[col('Admin email')] = `it@${sub}.example`;
    cells[col('Device name')] = `${name} PBX`;
    lines.push(cells.join(','));
  }
  const file = join(await mkdtemp(join(tmpdir(), 'pbx-run-e2e-')), 'customers.csv');
  await writeFile(file, lines.join('\r\n') + '\r\n');
  return file;
}
/** Where this file's screenshots go (README's are copied from here). */
const OUT = process.env['RUN_SHOTS'] ?? SHOTS;

describe.skipIf(!HAS_CHROMIUM)('Run and Results screens, in Chromium at 1366x768', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let file: string;
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(OUT, `${name}.png`) });

  beforeAll(async () => {
    [h, file] = await Promise.all([buildRenderer().then(startHarness), customersSheet()]);
    context = await h.browser.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('runs with an outcome bar, a live chart, rate-limit waits said and rows by customer; a reload attaches to it', async () => {
    const sandbox = h.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    await page.goto(h.url);
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(file);
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
    // Some creates fail (for the results below), and the vendor's rate limit is tight.
    sandbox.setFaults({ error500: 0.2, seed: 7, only: ['/v1/cloud_pbx/instances'] });
    sandbox.setRate({ burst: 3, rate: 3, intervalSeconds: 1 });
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();

    const state = page.getByTestId('run-state');
    await state
      .filter({ hasText: /waiting for the rate limit \(YCM, about \d+ s\)/ })
      .waitFor({ timeout: 60_000 });
    await page.getByRole('table', { name: 'Rows of this run' }).getByText(CUSTOMER).first().waitFor();
    await page.locator('.wait-band').first().waitFor({ timeout: 30_000 });
    // Some rows in, and waiting again: the chart has a shape and its waits shaded.
    await page.waitForFunction(
      () => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document;
        const bar = doc.querySelector('[aria-label="Run progress"]') as {
          getAttribute(n: string): string;
        } | null;
        return Number(bar?.getAttribute('aria-valuenow')) >= 12;
      },
      undefined,
      { timeout: 120_000 },
    );
    await state.filter({ hasText: /waiting for the rate limit/ }).waitFor({ timeout: 60_000 });
    const legend = await page.getByTestId('outcome-legend').textContent();
    expect(legend).toMatch(/\d+ succeeded.*\d+ failed.*\d+ pending/);
    expect(await page.getByTestId('wait-legend').textContent()).toMatch(/waiting for the rate limit \(\d+×/);
    expect(await page.getByLabel('Run progress').getAttribute('aria-valuemax')).toBe(String(ROWS));
    await shot('6-run');

    // Bug 2: a reload during the run comes back on the run, live, with its rows and its controls.
    const before = Number(await page.getByLabel('Run progress').getAttribute('aria-valuenow'));
    await page.reload();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).waitFor();
    expect(
      Number(await page.getByLabel('Run progress').getAttribute('aria-valuenow')),
    ).toBeGreaterThanOrEqual(before);
    expect(await page.getByTestId('run-options').textContent()).toContain('on Sandbox');
    await page.getByRole('table', { name: 'Rows of this run' }).getByText(CUSTOMER).first().waitFor();
    expect(await page.locator('.wait-band').count()).toBeGreaterThan(0);
    // Elsewhere the run is one click away; Recent runs lists it as in progress.
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByRole('button', { name: 'Watch or cancel it' }).waitFor();
    await page
      .getByRole('button', { name: /Results/ })
      .first()
      .click();
    const recent = page.getByRole('table', { name: 'Recent runs' });
    await recent.getByText('in progress').waitFor();
    await page.getByRole('button', { name: /^Watch the run of/ }).click();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();

    sandbox.setRate({ burst: 20, rate: 20, intervalSeconds: 1 });
    await state.filter({ hasText: /^finished$/ }).waitFor({ timeout: 180_000 });
    expect(await page.getByTestId('progress-text').textContent()).toBe(`${ROWS} / ${ROWS} rows (100%)`);
  }, 300_000);

  it('lists every row in the results grid: links, ids, plain problems with vendor codes, by status', async () => {
    await page.getByRole('button', { name: 'See results' }).click();
    await page.getByTestId('summary-chart').waitFor();
    const grid = page.getByRole('table', { name: 'Every row' });
    expect(await page.getByTestId('results-range').textContent()).toBe(`Rows 1–${ROWS} of ${ROWS}`);
    const failed = Number(await page.getByTestId('count-failed').textContent());
    expect(failed).toBeGreaterThan(0);
    await shot('7-results');

    await page.getByRole('button', { name: `failed (${failed})` }).click();
    await page
      .getByTestId('results-range')
      .filter({ hasText: `of ${failed}` })
      .waitFor();
    const statuses = await grid
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => (r as unknown as { dataset: { status: string } }).dataset.status),
      );
    expect(new Set(statuses)).toEqual(new Set(['failed']));
    const problem = await grid.locator('tbody tr').first().locator('td.problem').textContent();
    expect(problem).toMatch(/^The vendor had an internal error; a retry later usually works/);
    expect(await grid.locator('tbody tr').first().locator('td.code').textContent()).toMatch(/^\d{7}$/);
    await shot('7c-results-failed');

    await page.getByRole('button', { name: /^succeeded \(\d+\)$/ }).click();
    const link = grid.locator('tbody tr').first().getByRole('link');
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/[a-z]+-[a-z]+\./);
    expect(await grid.locator('tbody tr').first().locator('td').nth(4).textContent()).toMatch(/^\d+$/);
  });

  it('a retry shows a fresh view at once (never the last numbers), and its canary shows what it created', async () => {
    const sandbox = h.sandbox;
    if (!sandbox) throw new Error('no sandbox');
    sandbox.setFaults({});
    // Slow enough that the retry's preparation (its dry run) is seen.
    sandbox.setRate({ burst: 2, rate: 2, intervalSeconds: 1 });
    await page.getByLabel('Canary: run this many rows first, then ask').fill('1');
    await page.getByRole('button', { name: 'Retry failed rows' }).click();
    await page.getByRole('heading', { name: 'Run', exact: true }).waitFor();
    // Bug 6: not "40 / 40 rows (100%)" nor the last run's rows while the retry prepares.
    expect(await page.getByTestId('progress-text').textContent()).not.toContain(`${ROWS} / ${ROWS}`);
    expect(await page.getByTestId('outcome-legend').textContent()).toContain('0 succeeded');
    // ...nor the last run's failed rows (a retry keeps the runId: the rows were told apart by it).
    expect(await page.getByText('No row has finished yet.').count()).toBe(1);
    const canary = page.getByRole('alertdialog', { name: /Canary rows done/ });
    await canary.waitFor({ timeout: 120_000 });
    const made = canary.getByRole('list', { name: 'Created by the canary rows' }).getByRole('link');
    expect(await made.count()).toBe(1);
    expect(await made.first().getAttribute('href')).toMatch(/^https:\/\/[a-z]+-[a-z]+\./);
    expect(await page.getByTestId('progress-text').textContent()).toMatch(/^1 \/ \d+ rows/);
    await page.getByRole('heading', { name: 'Run', exact: true }).scrollIntoViewIfNeeded();
    await shot('6b-run-canary');
    sandbox.setRate(undefined);
    await canary.getByRole('button', { name: 'Continue the run' }).click();
    await page
      .getByTestId('run-state')
      .filter({ hasText: /^finished$/ })
      .waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'See results' }).click();
    await page.getByTestId('retryable').filter({ hasText: /^0$/ }).waitFor();
  }, 240_000);
});
