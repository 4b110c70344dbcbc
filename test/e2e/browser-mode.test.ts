import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, HAS_CHROMIUM, shot, startHarness, type Harness } from './harness.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

if (!HAS_CHROMIUM)
  console.warn('test/e2e skipped: /usr/bin/chromium is not installed (apt-get install chromium).');

describe.skipIf(!HAS_CHROMIUM)('browser mode end to end, in Chromium, against the sandbox', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(await buildRenderer());
  }, 120_000);
  afterAll(() => h?.close());

  it('says SANDBOX loudly when no credentials are set', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'Connect' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'SANDBOX' }).isVisible()).toBe(true);
    expect(page.url()).not.toContain('k='); // the secret left the address bar for a cookie
    await shot(page, '1-connect');
  });

  it('opens the shipped sample and shows its sheets with error counts', async () => {
    const { page } = h;
    await page.getByRole('button', { name: /Open/ }).first().click();
    // Reached by keyboard, the hidden file input shows its focus on the button-like label.
    const chooser = page.getByLabel('Choose a sheet file');
    await chooser.focus();
    await page.keyboard.press('Shift');
    const outline = await page.locator('label', { has: chooser }).evaluate((label) => {
      const page = globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } };
      return page.getComputedStyle(label).outlineStyle;
    });
    expect(outline).toBe('solid');
    await chooser.setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
    const pbxRow = page.getByRole('row', { name: /^PBX pbx/ });
    expect(await pbxRow.textContent()).toContain('2');
    await shot(page, '2-open');
  });

  it('maps columns automatically and shows the mapping', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Check column mapping' }).click();
    const planSelect = page.getByLabel('Field for column Plan', { exact: true });
    expect(await planSelect.inputValue()).toBe('plan');
    await shot(page, '3-map');
  });

  it('marks invalid cells with their message, and an inline fix re-validates the row', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Next: review rows' }).click();
    const invalid = page.locator('[role=gridcell][aria-invalid=true]');
    await invalid.first().waitFor();
    expect(await page.getByTestId('invalid-count').textContent()).toBe('2');
    const planCell = invalid.filter({ hasText: /plan/i });
    expect(await planCell.getAttribute('title')).toContain("Write 'Enterprise Plan' exactly");
    await planCell.click();
    const panel = page.getByRole('complementary', { name: 'Messages for the selected row' });
    // The panel follows the selection a frame later (an effect), so wait for it rather than read once.
    await panel.filter({ hasText: "Write 'Enterprise Plan' exactly" }).waitFor();
    // The admin password cell is masked, never shown in clear.
    expect(await page.locator('[role=grid]').textContent()).not.toContain('Sandbox-Pass7x9q');
    await shot(page, '4-review');
    await planCell.dblclick();
    // Plan has fixed values: its editor is a dropdown.
    const editor = page.getByRole('combobox', { name: /^Edit Plan/ });
    await editor.selectOption('Enterprise Plan');
    await editor.press('Enter');
    await page.getByTestId('invalid-count').filter({ hasText: /^1$/ }).waitFor();
    expect(await invalid.filter({ hasText: /plan/i }).count()).toBe(0);
  });

  it('plans against the sandbox and states what will be created before running', async () => {
    const { page } = h;
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    const confirm = page.getByTestId('confirm-list');
    await confirm.waitFor({ timeout: 60_000 });
    expect(await confirm.textContent()).toMatch(/Cloud PBX\(s\) created/);
    expect(await page.getByRole('button', { name: 'Start the run' }).isDisabled()).toBe(true);
    await shot(page, '5-plan');
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();
  });

  it('runs with live progress that reaches the end', async () => {
    const { page } = h;
    await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    const bar = page.getByRole('progressbar', { name: 'Run progress' });
    const total = await bar.getAttribute('aria-valuemax');
    expect(Number(total)).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuenow')).toBe(total);
    await shot(page, '6-run');
  });

  it('exports the report with each row’s outcome', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'See results' }).click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const file = await (await download).path();
    const report = JSON.parse(await readFile(file, 'utf8')) as {
      summary: { mode: string };
      rows: Array<{ sheet: string; row: number; status: string; ids?: { cloudPbxId?: string } }>;
    };
    expect(report.summary.mode).toBe('run');
    const pbx = report.rows.filter((r) => r.sheet === 'PBX');
    const succeeded = pbx.filter((r) => r.status === 'succeeded');
    expect(succeeded.length).toBeGreaterThanOrEqual(4); // every valid PBX row, including the fixed one
    expect(succeeded.every((r) => r.ids?.cloudPbxId)).toBe(true);
    expect(pbx.find((r) => r.status === 'invalid')).toBeDefined(); // the row left unfixed is not sent
    await shot(page, '7-results');
  });
});
