/**
 * The Map and Review screens end to end in Chromium (browser mode, sandbox): a sheet as people
 * send it (a merged group-header row, near-miss column names, values in the wrong case) is
 * mapped with suggestions and fixed in the grid, and the corrected sheet is downloaded.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_ERRORS, customerSheet, HEADERS, ROWS } from './customer-sheet.ts';
import { buildRenderer, HAS_CHROMIUM, startHarness, type Harness } from './harness.ts';

const SHOTS = process.env['PBX_SHOTS'] ?? join(tmpdir(), 'shots-grid');

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`) });

if (!HAS_CHROMIUM)
  console.warn('test/e2e skipped: /usr/bin/chromium is not installed (apt-get install chromium).');

describe.skipIf(!HAS_CHROMIUM)('Map and Review in Chromium', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pbx-map-review-'));
    await mkdir(SHOTS, { recursive: true });
    h = await startHarness(await buildRenderer());
    await h.page.setViewportSize({ width: 1366, height: 768 });
    await h.page.goto(h.url);
    await h.page.getByRole('button', { name: /Open/ }).first().click();
    await h.page.getByLabel('Choose a sheet file').setInputFiles(await customerSheet(dir));
    await h.page.getByRole('heading', { name: 'customers.xlsx' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('Map: reads the sheet again from the header row the user picks', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Check column mapping' }).click();
    expect(await page.getByLabel('Headers are on row').inputValue()).toBe('2');
    await page.getByLabel('Headers are on row').fill('1');
    await page.getByRole('button', { name: 'Read the sheet again from this row' }).click();
    // Row 1 has blanks between its names: refused, and the message says which column.
    await page.getByRole('alert').filter({ hasText: 'empty column name in column B' }).waitFor();
    // The sheet as read before stays open: nothing is lost by a wrong pick.
    expect(await page.getByLabel('Field for column Subdomain').inputValue()).toBe('subDomain');
    await page.getByRole('button', { name: 'Dismiss error' }).click();
  });

  it('Map: looks past the merged group header, shows samples, suggests near names and lists missing fields', async () => {
    const { page } = h;
    await page.getByRole('heading', { name: 'Map columns' }).waitFor();
    const missing = page.getByRole('status', { name: 'Required fields without a column' });
    expect(await missing.textContent()).toContain('PBX name');
    expect(await missing.textContent()).toContain('Extensions');
    const company = page.getByRole('row', { name: /Company name/ });
    expect(await company.textContent()).toContain('Customer 001 · Customer 002 · Customer 003');
    expect(await company.textContent()).toMatch(/Suggested: PBX name \((high|medium) confidence/);
    // Fields are named as the template names them, the API name beside.
    const planSelect = page.getByLabel('Field for column Plan', { exact: true });
    expect(await planSelect.locator('option:checked').textContent()).toBe('Plan * — plan');
    await shot(page, 'map-suggestions');
    await page.getByRole('button', { name: 'Use the 2 high-confidence suggestions' }).click();
    await page.getByRole('button', { name: 'Apply mapping and re-validate' }).click();
    await page.getByText('Every required field has a column.').waitFor();
    expect(await page.getByLabel('Field for column Company name').inputValue()).toBe('name');
    await shot(page, 'map-applied');
  });

  const cell = (pos: number, col: number) =>
    h.page.locator(`[role=row][data-pos="${pos}"] [data-col="${col}"]`);
  const invalid = () => h.page.getByTestId('invalid-count').textContent();
  /** Selects a cell by keyboard from the frozen PBX name column, scrolling it into view. */
  const select = async (pos: number, col: number): Promise<void> => {
    await cell(pos, 0).click();
    await h.page.getByRole('grid').press('Home');
    for (let i = 0; i < col; i++) await h.page.getByRole('grid').press('ArrowRight');
  };
  const COMPANY = 0;
  const PLAN = 2;
  const EXT = 3;
  const CALLS = 4;
  const TYPE = 10;

  it('Review: error counts per column, the PBX name frozen, filter by status and sort by column', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Next: review rows' }).click();
    await cell(0, COMPANY).waitFor();
    expect(await invalid()).toBe(String(CASE_ERRORS));
    const planHeader = page.getByRole('columnheader', { name: /^Plan/ });
    expect(await planHeader.getByLabel(`${CASE_ERRORS} cells with errors`).isVisible()).toBe(true);
    // Scrolled far right, the PBX name stays in view.
    const grid = page.getByRole('grid');
    await grid.evaluate('(el) => { el.scrollLeft = 2000; }');
    await page.waitForTimeout(200);
    const box = await cell(0, COMPANY).boundingBox();
    const gridBox = await grid.boundingBox();
    expect(Math.round((box?.x ?? 0) - (gridBox?.x ?? 0))).toBeLessThan(200);
    expect(await cell(0, COMPANY).textContent()).toBe('Customer 001');
    await grid.evaluate('(el) => { el.scrollLeft = 0; }');
    await page.getByLabel('Show').selectOption('errors');
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(CASE_ERRORS + 1));
    expect(await cell(0, COMPANY).textContent()).toBe('Customer 013');
    await shot(page, 'review-errors');
    await page.getByLabel('Show').selectOption('all');
    await page.getByRole('button', { name: /^Company name/ }).click();
    await page.getByRole('button', { name: /^Company name/ }).click();
    await expect.poll(() => cell(0, COMPANY).textContent()).toBe(`Customer ${ROWS}`);
    expect(await page.getByRole('columnheader', { name: /^Company name/ }).getAttribute('aria-sort')).toBe(
      'descending',
    );
    await page.getByRole('button', { name: /^Company name/ }).click();
    await expect.poll(() => cell(0, COMPANY).textContent()).toBe('Customer 001');
  });

  it('Review: one action fixes every Plan cell that differs only in case or spacing; undo and redo', async () => {
    const { page } = h;
    await select(12, PLAN);
    expect(await cell(12, PLAN).textContent()).toBe('enterprise  plan');
    await h.page.getByRole('complementary').getByText("'enterprise  plan' is not allowed").waitFor();
    await shot(page, 'review');
    await page.getByRole('button', { name: 'Fix case and spacing in Plan' }).click();
    await expect.poll(invalid).toBe('0');
    await expect.poll(() => cell(12, PLAN).textContent()).toBe('Enterprise Plan');
    await page.getByRole('button', { name: `Undo fix of ${CASE_ERRORS} 'Plan' cells` }).click();
    await expect.poll(invalid).toBe(String(CASE_ERRORS));
    await page.getByRole('button', { name: `Redo fix of ${CASE_ERRORS} 'Plan' cells` }).click();
    await expect.poll(invalid).toBe('0');
  });

  it('Review: a fixed-value column edits with a dropdown; Ctrl+Z takes the edit back', async () => {
    const { page } = h;
    // Reached by keyboard: columns off screen scroll into view as the selection moves.
    await select(1, TYPE);
    await page.getByRole('grid').press('Enter');
    const editor = page.getByRole('combobox', { name: 'Edit Type, row 4' });
    await editor.selectOption('Trial');
    await editor.press('Enter');
    await expect.poll(() => cell(1, TYPE).textContent()).toBe('Trial');
    await page.getByRole('grid').press('Control+z');
    await expect.poll(() => cell(1, TYPE).textContent()).toBe('Commercial');
  });

  it('Review: pastes a block from Excel, fills down, and one undo takes back each step', async () => {
    const { page } = h;
    await select(0, EXT);
    // What Excel puts on the clipboard for two rows of two cells, pasted where the grid has focus.
    const block = JSON.stringify('30\t6\r\n900\t7\r\n');
    await page.evaluate(
      `(() => { const dt = new DataTransfer(); dt.setData('text/plain', ${block});
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true })); })()`,
    );
    await expect.poll(() => cell(1, CALLS).textContent()).toBe('7');
    expect(await cell(0, EXT).textContent()).toBe('30');
    // 900 extensions is over the cap: the pasted cell is marked like a typed one.
    expect(await cell(1, EXT).getAttribute('aria-invalid')).toBe('true');
    expect(await invalid()).toBe('1');
    await select(0, CALLS);
    const grid = page.getByRole('grid');
    await grid.press('Shift+ArrowDown');
    await grid.press('Shift+ArrowDown');
    await grid.press('Shift+ArrowDown');
    await grid.press('Control+d');
    await expect.poll(() => cell(3, CALLS).textContent()).toBe('6');
    await shot(page, 'review-paste-fill');
    await page.getByRole('button', { name: 'Undo fill down of 3 cells' }).click();
    await expect.poll(() => cell(3, CALLS).textContent()).toBe('5');
    await page.getByRole('button', { name: 'Undo paste of 4 cells' }).click();
    await expect.poll(invalid).toBe('0');
    await expect.poll(() => cell(0, EXT).textContent()).toBe('20');
  });

  it('Review: Ctrl+C copies the selected cells as a block Excel pastes', async () => {
    const { page } = h;
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(h.url).origin });
    await select(0, 1);
    await page.getByRole('grid').press('Shift+ArrowDown');
    await page.getByRole('grid').press('Control+c');
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe('cust1\r\ncust2');
  });

  it('Review: find narrows the rows, replace all changes them, and an empty result says what to do', async () => {
    const { page } = h;
    await page.getByRole('grid').press('Control+f');
    const find = page.getByRole('searchbox', { name: 'Find' });
    expect(await page.evaluate('document.activeElement.type')).toBe('search');
    await find.fill('Customer 00');
    // Customer 001 to 009 (the 300 rows run to Customer 300).
    await expect.poll(() => page.getByRole('grid').getAttribute('aria-rowcount')).toBe('10');
    await page.getByLabel('Replace with').fill('Client 00');
    await page.getByRole('button', { name: 'Replace all' }).click();
    await page.getByText('Replaced in 9 cell(s).').waitFor();
    await page.getByText("No row matches 'Customer 00'.").waitFor();
    await shot(page, 'review-empty-search');
    await page.getByRole('button', { name: 'Clear the search and filters' }).click();
    await expect.poll(() => cell(0, COMPANY).textContent()).toBe('Client 001');
  });

  it('Review: column widths change from the keyboard', async () => {
    const { page } = h;
    await select(0, 0);
    const handle = page.getByRole('separator', { name: 'Width of column Subdomain' });
    await handle.focus();
    await handle.press('ArrowRight');
    await handle.press('ArrowRight');
    expect(await handle.getAttribute('aria-valuenow')).toBe('210');
    const head = page.getByRole('columnheader', { name: /^Subdomain/ });
    expect(Math.round((await head.boundingBox())?.width ?? 0)).toBe(210);
  });

  it('Review: downloads the corrected sheet with the user’s columns and formatting', async () => {
    const { page } = h;
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download corrected sheet' }).click();
    const file = await (await download).path();
    expect((await download).suggestedFilename()).toBe('customers-corrected.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('PBX');
    expect(ws?.getCell('A1').value).toBe('Customer');
    expect(ws?.getCell('A1').font?.bold).toBe(true);
    expect(ws?.getColumn(1).width).toBe(31);
    expect((ws?.getRow(2).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(ws?.getCell('A3').value).toBe('Client 001');
    expect(ws?.getCell('C15').value).toBe('Enterprise Plan');
    expect(ws?.getCell('D3').value).toBe(20);
    expect(ws?.getCell('P3').value).toBe('Disabled');
  });

  it('Open: a sheet refused for its header row opens again from the row the user gives', async () => {
    const { page } = h;
    const file = join(dir, 'crm.csv');
    await writeFile(
      file,
      'Exported by CRM,on 2026-12-01\nPBX name,Plan,Extensions\nAcme,Enterprise Plan,20\n',
    );
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(file);
    await page.getByRole('alert').filter({ hasText: 'crm.csv: No sheet of a known kind' }).waitFor();
    const retry = page.getByRole('form', { name: 'Open again from another header row' });
    expect(await retry.getByLabel("Headers of sheet 'crm.csv' are on row").inputValue()).toBe('2');
    await shot(page, 'open-header-row');
    await retry.getByRole('button', { name: 'Open again from this row' }).click();
    await page.getByRole('heading', { name: 'crm.csv' }).waitFor();
    expect(await page.getByRole('list', { name: 'File messages' }).textContent()).toContain(
      'Row 1 above the chosen header row 2 is skipped.',
    );
  });
});
