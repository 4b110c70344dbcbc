/**
 * Issue 17 item 10, accessibility: axe-core (the engine behind most accessibility checkers) finds no
 * serious or critical violation on any screen, from Connect to Results, in Chromium at 1366x768;
 * and the main path (open a file, Review, Plan, start the run) is reachable with Tab, Enter and
 * Space only; no control on any screen is left out of the Tab order.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { buildRenderer, HAS_CHROMIUM, startHarness, type Harness } from './harness.ts';
import { liveEnv } from '../helpers/live-env.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
const VIEWPORT = { width: 1366, height: 768 };

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's source, injected into each page before a check. */
const axeSource = (): Promise<string> =>
  readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The serious and critical violations on the page as it is now, one line each (id, help, targets). */
async function seriousViolations(page: Page, source: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: source });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<{ violations: unknown[] }> } })
      .axe;
    return (await axe.run({ resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[])
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Controls on the page that Tab never reaches (a negative tabIndex), by tag and text. */
async function untabbable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          querySelectorAll(s: string): ArrayLike<HTMLElementLike & { tabIndex: number; tagName: string }>;
        };
      }
    ).document;
    const controls = doc.querySelectorAll(
      'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [role=button], [role=link], [role=tab], [role=checkbox]',
    );
    return Array.from(controls)
      .filter((el) => el.tabIndex < 0)
      .map(
        (el) =>
          `untabbable <${el.tagName.toLowerCase()}> ${el.getAttribute('aria-label') ?? el.textContent ?? ''}`,
      );
  });
}

/**
 * Tabs (at most `max` times) until the focused element's text (aria-label, label, content)
 * matches, or its role is `role`; throws if it never does.
 */
async function tabTo(page: Page, name: RegExp, role?: string, max = 150): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = (globalThis as unknown as { document: { activeElement: HTMLElementLike | null } }).document
        .activeElement;
      if (!el) return { role: '', text: '' };
      const label = Array.from(el.labels ?? [])
        .map((l) => l.textContent ?? '')
        .join(' ');
      const text = `${el.getAttribute('aria-label') ?? ''} ${label} ${el.textContent ?? ''}`.trim();
      return { role: el.getAttribute('role') ?? '', text };
    });
    if (role ? focused.role === role : name.test(focused.text)) return;
  }
  throw new Error(`${role ?? String(name)} is not reachable with Tab in ${max} presses`);
}
interface HTMLElementLike {
  getAttribute(n: string): string | null;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }>;
}

describe.skipIf(!HAS_CHROMIUM)('accessibility, in Chromium at 1366x768', () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let source: string;
  let staticDir: string;
  const found: Record<string, string[]> = {};
  const check = async (screen: string): Promise<void> => {
    found[screen] = [...(await seriousViolations(page, source)), ...(await untabbable(page))];
  };

  beforeAll(async () => {
    [staticDir, source] = await Promise.all([buildRenderer(), axeSource()]);
    h = await startHarness(staticDir);
    // The app's CSP allows no inline script: the check's own script is let in (the test's, not the app's).
    context = await h.browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
    page = await context.newPage();
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  it('has no serious or critical axe-core violation, nor a control out of the Tab order, on any screen', async () => {
    await page.goto(h.url);
    await page.getByRole('heading', { name: 'Connect' }).waitFor();
    await check('Connect');
    await page.getByRole('button', { name: 'Test these credentials' }).click();
    await page.getByRole('alert').first().waitFor();
    await check('Connect (a credentials error)');
    await page
      .getByRole('button', { name: /Results/ })
      .first()
      .click();
    await check('Results (no run yet)');
    await page.getByRole('button', { name: /Open/ }).first().click();
    await check('Open (empty)');
    const broken = join(await mkdtemp(join(tmpdir(), 'pbx-a11y-')), 'broken.xlsx');
    await writeFile(broken, 'not a workbook');
    await page.getByLabel('Choose a sheet file').setInputFiles(broken);
    await page.getByRole('alert').first().waitFor();
    await check('Open (an error)');
    await page.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
    await page.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
    await check('Open');
    await page.getByRole('button', { name: 'Check column mapping' }).click();
    await page.getByLabel('Field for column Plan', { exact: true }).waitFor();
    await check('Map');
    await page.getByRole('button', { name: 'Next: review rows' }).click();
    await page.locator('[role=gridcell][aria-invalid=true]').first().waitFor();
    await check('Review');
    const cell = page.locator('[role=gridcell][aria-invalid=true]').first();
    await cell.click();
    await cell.dblclick();
    // A free-text cell edits in a textbox, a fixed-value cell (the sample's Plan) in a dropdown.
    await page.locator('[aria-label^="Edit "]').first().waitFor();
    await check('Review (a row selected, a cell edited)');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Plan/ }).first().click();
    await check('Plan (before the dry run)');
    await page.getByRole('button', { name: 'Run the dry run' }).click();
    await page.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
    await check('Plan');
    await page.getByLabel('Canary: run this many rows first, then ask').fill('1');
    await page.getByLabel('I have checked the counts above and want to run').check();
    await page.getByRole('button', { name: 'Start the run' }).click();
    const canary = page.getByRole('alertdialog', { name: /Canary rows done/ });
    await canary.waitFor({ timeout: 120_000 });
    await check('Run (canary pause)');
    await canary.getByRole('button', { name: 'Continue the run' }).click();
    await page.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
    await check('Run');
    await page.getByRole('button', { name: 'See results' }).click();
    await page.getByTestId('summary-chart').waitFor();
    await check('Results');
    const failures = Object.entries(found).flatMap(([screen, list]) => list.map((v) => `${screen}: ${v}`));
    expect(failures.join('\n')).toBe('');
  }, 240_000);

  it('reaches the main path with Tab, Enter and Space only: open, Review, Plan, start the run', async () => {
    const keyboard = await h.browser.newContext({ viewport: VIEWPORT });
    const kp = await keyboard.newPage();
    try {
      await kp.goto(h.link());
      await kp.getByRole('heading', { name: 'Connect' }).waitFor();
      await tabTo(kp, /\bOpen$/);
      await kp.keyboard.press('Enter');
      await kp.getByRole('heading', { name: 'Open a sheet' }).waitFor();
      await tabTo(kp, /^Choose a sheet file/);
      const chooser = kp.waitForEvent('filechooser');
      await kp.keyboard.press('Space');
      await (await chooser).setFiles(SAMPLE);
      await kp.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
      await tabTo(kp, /\bReview$/);
      await kp.keyboard.press('Enter');
      await kp.locator('[role=gridcell][aria-invalid=true]').first().waitFor();
      // The grid is one Tab stop; Enter edits its selected cell and Escape gives the keyboard back.
      await tabTo(kp, /$^/, 'grid');
      await kp.keyboard.press('Enter');
      const editor = kp.locator('[aria-label^="Edit "]').first();
      await editor.waitFor();
      await kp.keyboard.press('Escape');
      await editor.waitFor({ state: 'detached' });
      await tabTo(kp, /^Next: plan$/);
      await kp.keyboard.press('Enter');
      await tabTo(kp, /^Run the dry run$/);
      await kp.keyboard.press('Enter');
      await kp.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
      await tabTo(kp, /I have checked the counts above and want to run/);
      await kp.keyboard.press('Space');
      await tabTo(kp, /^Start the run$/);
      await kp.keyboard.press('Enter');
      await kp.getByRole('heading', { name: 'Run', exact: true }).waitFor();
      await kp.getByTestId('run-state').filter({ hasText: 'finished' }).waitFor({ timeout: 120_000 });
      expect(await kp.getByRole('button', { name: 'See results' }).isVisible()).toBe(true);
    } finally {
      await keyboard.close();
    }
  }, 240_000);

  it('has no serious or critical violation with a LIVE target: its banner and the typed confirmation', async () => {
    // A second sandbox plays the live vendor, reached through live credentials.
    const vendor: Sandbox = await startSandbox({ port: 0 });
    const live = await startHarness(staticDir, {
      env: liveEnv(vendor),
    });
    const ctx = await live.browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
    const lp = await ctx.newPage();
    try {
      const seen: string[] = [];
      await lp.goto(live.url);
      await lp.getByRole('status', { name: /^LIVE/ }).waitFor();
      seen.push(...(await seriousViolations(lp, source)).map((v) => `Connect (LIVE): ${v}`));
      await lp.getByRole('button', { name: /Open/ }).first().click();
      await lp.getByLabel('Choose a sheet file').setInputFiles(SAMPLE);
      await lp.getByRole('heading', { name: 'sample.xlsx' }).waitFor();
      await lp.getByRole('button', { name: /Plan/ }).first().click();
      await lp.getByRole('button', { name: 'Run the dry run' }).click();
      await lp.getByTestId('confirm-list').waitFor({ timeout: 60_000 });
      await lp.getByLabel('I have checked the counts above and want to run').check();
      await lp.getByLabel(/Type \d+ to confirm them/).waitFor();
      seen.push(...(await seriousViolations(lp, source)).map((v) => `Plan (LIVE): ${v}`));
      expect(seen.join('\n')).toBe('');
    } finally {
      await ctx.close();
      await live.close();
      await vendor.close();
    }
  }, 180_000);
});
