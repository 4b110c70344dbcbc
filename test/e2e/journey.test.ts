/**
 * Issue 17's acceptance path in one go, in Chromium at 1366x768 (browser mode, sandbox): a
 * 300-row sheet with mapping problems (a merged group header, near-miss column names) and case
 * errors goes from Open through Map, Review, Plan and Run (some creates failing at the vendor) to
 * a result report handed back as xlsx, without leaving the app.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ERRORS, customerSheet, ROWS } from './customer-sheet.ts';
import { buildRenderer, HAS_CHROMIUM, startHarness, type Harness } from './harness.ts';

/** The README's screenshots of the screens this path passes (1366x768). */
const SHOTS = process.env['PBX_SHOTS'] ?? join(tmpdir(), 'shots-journey');

describe.skipIf(!HAS_CHROMIUM)('a 300-row sheet from open to a handed-back report', () => {
  let h: Harness;
  let dir: string;
  const shot = async (name: string): Promise<void> => {
    await h.page.screenshot({ path: join(SHOTS, `${name}.png`) });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbx-journey-'));
    await mkdir(SHOTS, { recursive: true });
    h = await startHarness(await buildRenderer());
    await h.page.setViewportSize({ width: 1366, height: 768 });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('maps, fixes, plans, runs and exports without leaving the app', async () => {
    const { page, sandbox } = h;
    if (!sandbox) throw new Error('no sandbox');
    await page.goto(h.url);
    await page
      .getByRole('heading', { name: /Connect/ })
      .first()
      .waitFor();
    await shot('1-connect');
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(await customerSheet(dir));
    await page.getByRole('heading', { name: 'customers.xlsx' }).waitFor();
    await shot('2-open');

    // Map: the near-miss names get their fields from the suggestions.
    await page.getByRole('button', { name: 'Check column mapping' }).click();
    await page.getByRole('heading', { name: 'Map columns' }).waitFor();
    await page.getByRole('button', { name: /^Use the \d+ high-confidence suggestions$/ }).click();
    await page.getByRole('button', { name: 'Apply mapping and re-validate' }).click();
    await page.getByText('Every required field has a column.').waitFor();

    // Review: the lower-case plans are the only errors; one action fixes the column.
    await page.getByRole('button', { name: 'Next: review rows' }).click();
    const invalid = (): Promise<string | null> => page.getByTestId('invalid-count').textContent();
    await expect.poll(invalid).toBe(String(CASE_ERRORS));
    await page.locator('[role=row][data-pos="12"] [data-col="0"]').click();
    await page.getByRole('grid').press('Home');
    await page.getByRole('grid').press('ArrowRight');
    await page.getByRole('grid').press('ArrowRight');
    await page.getByRole('button', { name: 'Fix case and spacing in Plan' }).click();
    await expect.poll(invalid).toBe('0');

    // Plan: every row will be created.
    await page.getByRole('button', { name: 'Next: plan' }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    const confirm = page.getByTestId('confirm-list');
    await confirm.waitFor({ timeout: 120_000 });
    expect(await confirm.textContent()).toContain(`${ROWS}`);

    // Run: the vendor fails some creates (HTTP 500 on every send of those rows).
    sandbox.setFaults({ error500: 0.5, seed: 17, only: ['/v1/cloud_pbx/instances'] });
    sandbox.setRate({ burst: 200, rate: 200, intervalSeconds: 1 });
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();
    await page
      .getByTestId('run-state')
      .filter({ hasText: /^finished$/ })
      .waitFor({ timeout: 600_000 });

    // Results: failed rows are there and named; the report goes back as xlsx.
    await page.getByRole('button', { name: 'See results' }).click();
    await page.getByTestId('summary-chart').waitFor();
    const failed = Number(await page.getByTestId('count-failed').textContent());
    expect(failed).toBeGreaterThan(0);
    expect(failed).toBeLessThan(ROWS);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    const saved = (await (await download).path()) ?? '';
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const ws = wb.getWorksheet('PBX');
    if (!ws) throw new Error('no PBX sheet in the report');
    const headers = (ws.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    // The user's own headers come back, with the results beside them.
    expect(headers).toContain('Company name');
    expect(headers).toContain('Extension count');
    const statusAt = headers.indexOf('Result: status');
    expect(statusAt).toBeGreaterThan(0);
    const statuses: string[] = [];
    for (let r = 3; r <= ws.rowCount; r++) {
      const v = ws.getRow(r).getCell(statusAt).text;
      if (v) statuses.push(v);
    }
    expect(statuses).toHaveLength(ROWS);
    expect(statuses.filter((s) => s === 'failed')).toHaveLength(failed);
    expect(statuses.filter((s) => s === 'succeeded')).toHaveLength(ROWS - failed);
    // The fixed plans are in the report as the run sent them.
    const planAt = headers.indexOf('Plan');
    expect(ws.getRow(3 + 12).getCell(planAt).text).toBe('Enterprise Plan');
  }, 900_000);
});
