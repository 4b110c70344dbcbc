/**
 * The Plan screen in the browser (issue 17, Plan): after the dry run, a paged preview of what each
 * row will send, the rows' errors grouped by cause with counts, and the time at the sandbox's rate
 * and at YCM's documented limit.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, HAS_CHROMIUM, shot, startHarness, type Harness } from './harness.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

describe.skipIf(!HAS_CHROMIUM)('Plan screen: what each row will do', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(await buildRenderer(), { viewport: { width: 1366, height: 768 } });
  }, 300_000);
  afterAll(() => h?.close());

  it('previews every row from its planned request, groups errors, and gives both durations', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
    await page.getByRole('button', { name: 'Review rows' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    const preview = page.getByTestId('plan-preview');
    await preview.waitFor({ timeout: 60_000 });

    const table = page.getByRole('table', { name: 'What each row will do' });
    const pbxRow = table.getByRole('row').filter({ hasText: 'PBX 2' });
    expect(await pbxRow.locator('td').allTextContents()).toEqual([
      'PBX 2',
      'Create PBX',
      'acme.yeastarcloud.com',
      'US East (Virginia) (1)',
      'yeastarcloud.com (11)',
      '84.21.0.70 (701)',
      '6681',
      '1001',
      '',
      '',
    ]);
    const order = table.getByRole('row').filter({ hasText: 'Place a Partner Portal order' });
    expect(await order.textContent()).toContain(
      '+10 extension(s); cycle monthly; price: the Partner Portal’s',
    );
    expect(await table.getByRole('row').filter({ hasText: 'PBX 4' }).textContent()).toContain(
      'Not sent: has errorsAdmin password: The admin password must not contain 4 consecutive digits',
    );
    expect(await page.getByTestId('plan-preview-range').textContent()).toBe('Rows 1–10 of 10');

    const errors = page.getByRole('list', { name: 'Rows that will not be sent' });
    expect(await errors.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^1× PBX row 4, column Admin password: The admin password/),
      expect.stringMatching(/^1× PBX row 5, column Plan: Write 'Enterprise Plan' exactly/),
    ]);
    const duration = await page.getByTestId('plan-duration').textContent();
    expect(duration).toMatch(/At the sandbox’s rate: \d+ s/);
    expect(duration).toMatch(/At YCM’s documented limit \(1\.7 req\/s, bursts of 600\): \d+ s/);

    await page.getByRole('heading', { name: 'What each row will do' }).evaluate((el) => el.scrollIntoView());
    await shot(page, '5-plan-preview');
  });
});
