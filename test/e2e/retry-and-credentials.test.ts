import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, HAS_CHROMIUM, shot, startHarness, type Harness } from './harness.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');

describe.skipIf(!HAS_CHROMIUM)('browser mode: credentials, canary, retry and past runs, in Chromium', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(await buildRenderer());
  }, 120_000);
  afterAll(() => h?.close());

  it('tests and saves live credentials, says they stay in memory, and never shows the secret again', async () => {
    const { page, sandbox } = h;
    if (!sandbox) throw new Error('no sandbox');
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'Live credentials' }).waitFor();
    expect(await page.getByTestId('credential-store').textContent()).toMatch(/memory for this session only/);
    const pp = page.getByRole('group', { name: 'Partner Portal' });
    await pp.getByLabel('Base URL').fill(sandbox.ppBaseUrl);
    await pp.getByLabel('Client ID').fill(sandbox.credentials.pp.clientId);
    await pp.getByLabel('Client secret').fill(sandbox.credentials.pp.clientSecret);
    await page.getByRole('button', { name: 'Test these credentials' }).click();
    const test = page.getByRole('list', { name: 'Test of the entered credentials' });
    await test.waitFor();
    expect(await test.textContent()).toContain('✓ pp');
    await page.getByRole('button', { name: 'Save and use' }).click();
    await page.getByRole('status').filter({ hasText: 'memory for this session only' }).waitFor();
    expect(await pp.getByLabel('Client secret').inputValue()).toBe('');
    expect(await pp.getByLabel('Client secret').getAttribute('placeholder')).toContain('saved ••••');
    expect(await page.content()).not.toContain(sandbox.credentials.pp.clientSecret);
    await shot(page, '1b-connect-credentials');
    // Back to the sandbox for the run below.
    await page.getByRole('button', { name: 'Use this target' }).click();
    await page.getByText('active').first().waitFor();
  });

  it('pauses after the canary rows and asks before going on', async () => {
    const { page, sandbox } = h;
    sandbox?.setFaults({ error500: 1, only: ['/v1/cloud_pbx/instances'] });
    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
    await page.getByLabel('Stop after this many failures in a row').fill('');
    await page.getByLabel('Canary: run this many rows first, then ask').fill('1');
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();
    const prompt = page.getByRole('alertdialog', { name: /Canary rows done/ });
    await prompt.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('run-options').textContent()).toContain('canary of 1 row(s)');
    await shot(page, '6b-run-canary');
    await prompt.getByRole('button', { name: 'Continue the run' }).click();
    await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
  });

  it('retries only the failed rows once the fault is gone', async () => {
    const { page, sandbox } = h;
    await page.getByRole('button', { name: 'See results' }).click();
    const failed = Number(await page.getByTestId('count-failed').textContent());
    expect(failed).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('retryable').textContent())).toBeGreaterThanOrEqual(failed);
    await shot(page, '7b-results-retry');
    sandbox?.setFaults({});
    await page.getByLabel('Canary: run this many rows first, then ask').fill('');
    await page.getByRole('button', { name: 'Retry failed rows' }).click();
    await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: 'See results' }).click();
    await page.getByTestId('retryable').filter({ hasText: /^0$/ }).waitFor();
    expect(await page.getByTestId('count-failed').count()).toBe(0);
    expect(Number(await page.getByTestId('count-succeeded').textContent())).toBeGreaterThanOrEqual(failed);
    expect(await page.getByRole('table', { name: 'Recent runs' }).textContent()).toContain('retried 1×');
    expect(sandbox?.stats().created.pbxs).toBeGreaterThanOrEqual(failed);
    await shot(page, '7c-results-retried');
  });

  it('reopens a past run from the list and shows its report', async () => {
    const { page } = h;
    await page
      .getByRole('button', { name: /^Open run of sample\.xlsx/ })
      .first()
      .click();
    await page.getByTestId('count-succeeded').waitFor();
    expect(await page.getByTestId('count-failed').count()).toBe(0);
    expect(await page.locator('.file-name').textContent()).toBe('sample.xlsx');
  });
});
