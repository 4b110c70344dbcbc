/**
 * Issue 18 in the app (browser mode, Chromium, sandbox): "Export the account" on Connect downloads
 * the account as a workbook; opened, "Reconcile with the account" on Results finds everything
 * matching; after a capacity is changed on the sandbox, the grid shows that one difference, and
 * the filter by kind of difference keeps it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ycmClient, ycmTokens } from '../sandbox/helpers.ts';
import { buildRenderer, HAS_CHROMIUM, shot, startHarness, type Harness } from './harness.ts';

describe.skipIf(!HAS_CHROMIUM)('export and reconcile in the app', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness(await buildRenderer());
  }, 120_000);
  afterAll(() => h?.close());

  it('exports the account from Connect, then reconciles it on Results, filtered by kind', async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'Connect' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export the account' }).click();
    const file = await (await download).path();
    expect(file).toBeTruthy();

    await page.getByRole('button', { name: /Open/ }).first().click();
    await page.getByLabel('Choose a sheet file').setInputFiles({
      name: 'account.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await import('node:fs/promises').then((fs) => fs.readFile(file)),
    });
    await page.getByRole('heading', { name: 'account.xlsx' }).waitFor();
    await page
      .getByRole('button', { name: /Results/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Reconcile with the account' }).click();
    const summary = page.getByTestId('reconcile-summary');
    await summary.filter({ hasText: 'everything matches' }).waitFor({ timeout: 60_000 });

    // A capacity changed by hand on the account.
    const sb = h.sandbox;
    if (!sb) throw new Error('the harness has no sandbox');
    const pbx = sb.state().ycm.pbxs[0];
    if (!pbx) throw new Error('no PBX');
    const ycm = ycmClient(sb, (await ycmTokens(sb)).access_token);
    const resized = await ycm('PUT', `/v1/cloud_pbx/instances/${pbx.cloudPbxId}/capacity`, {
      extensionCapacity: pbx.extensionCapacity + 5,
      concurrentCallCapacity: pbx.concurrentCallCapacity,
      recordingStatus: pbx.recordingStatus,
      recordingCapacity: pbx.recordingCapacity,
    });
    expect(resized.body['status']).toBe('Success');
    await page.getByRole('button', { name: 'Reconcile with the account' }).click();
    await summary.filter({ hasText: '1 drifted' }).waitFor({ timeout: 60_000 });
    const table = page.getByRole('table', { name: 'Differences with the account' });
    await page.getByLabel('Kind of difference').selectOption('field');
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.textContent()).toContain(
      `Extensions: sheet ${pbx.extensionCapacity}, account ${pbx.extensionCapacity + 5}`,
    );
    await page.getByLabel('Kind of difference').selectOption('dids');
    expect(await table.locator('tbody tr').count()).toBe(0);
    await page.getByLabel('Kind of difference').selectOption('all');
    await table.scrollIntoViewIfNeeded();
    await shot(page, '9-reconcile');
  });
});
