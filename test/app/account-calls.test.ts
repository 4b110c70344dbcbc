/**
 * The app's "Export the account" and "Reconcile with the account" (issue 18) on a session whose
 * target is a sandbox over loopback: the export is held for saveExport, and reconciling that
 * export, opened as the workbook, finds everything matching.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxTargets } from '../../src/api/targets.ts';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { Session } from '../../src/app/session.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';

let dir: string;
let sb: Sandbox;
let session: Session;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-account-'));
  sb = await startSandbox({ port: 0 });
  session = new Session({
    ports: defaultPorts(),
    workDir: dir,
    targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: sandboxTargets(sb) }],
  });
});
afterEach(async () => {
  await session.close();
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

describe('account calls', () => {
  it('exports the account for saving, and reconciles the export as all matching', async () => {
    const exported = await session.account.exportAccount();
    expect(exported.name).toMatch(/^account-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const held = session.exportFile(exported.id);
    expect(held?.name).toBe(exported.name);
    const saved = join(dir, 'saved.xlsx');
    await session.saveExportTo(exported.id, saved);
    const ref = await session.uploadFile({ name: 'saved.xlsx', data: new Uint8Array(await readFile(saved)) });
    const opened = await session.openSheet({ file: ref });
    expect(opened.sheets.map((s) => s.name)).toEqual(['PBX', 'DID Bindings']);
    const result = await session.account.reconcile();
    expect(result.summary.byOutcome).toEqual({ matches: result.rows.length });
    expect(result.extra).toEqual([]);
  });

  it("reconciles the open sample before any run: its PBXs are missing and the account's are extra", async () => {
    const sample = join(dir, 'sample.xlsx');
    await copyFile(join(import.meta.dirname, '../../templates/sample.xlsx'), sample);
    const ref = await session.uploadFile({
      name: 'sample.xlsx',
      data: new Uint8Array(await readFile(sample)),
    });
    await session.openSheet({ file: ref });
    const result = await session.account.reconcile();
    expect(result.summary.byOutcome.missing).toBeGreaterThan(0);
    expect(result.extra.map((p) => p.name).sort()).toEqual(['Existing Co', 'Legacy Co']);
  });
});
