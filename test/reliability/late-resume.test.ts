/**
 * A crash between a write and its journal entry, resumed much later (the next morning): the
 * interrupted order or PBX must still be found and adopted, never placed again. "An hour later" is
 * made by moving every time an hour back: the journal's entries and the sandbox's records (state
 * file edited while the sandbox is stopped).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClients, sandboxTargets } from '../../src/api/index.ts';
import { runWorkbook } from '../../src/core/engine/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import type { SandboxState } from '../../src/sandbox/state.ts';
import { writeWorkbook, type BuiltWorkbook } from './workbook.ts';

const HOUR_MS = 3_600_000;
let dir = '';
let stateFile = '';
let sandbox: Sandbox;
let built: BuiltWorkbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pbx-late-resume-'));
  stateFile = join(dir, 'state.json');
  sandbox = await startSandbox({ port: 0, stateFile });
  built = await writeWorkbook(join(dir, 'late.xlsx'), {
    pbx: 4,
    didRows: 0,
    orderRows: 2,
    resizeRows: 0,
    profileRows: 1,
    tag: 'lt',
  });
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Moves every journal time (local and the portal's) and every sandbox order time an hour back. */
async function anHourLater(journal: string): Promise<void> {
  const shifted = readFileSync(journal, 'utf8')
    .replace(
      /"at":"([^"]+)"/g,
      (_m, at: string) => `"at":"${new Date(Date.parse(at) - HOUR_MS).toISOString()}"`,
    )
    .replace(/"portalTimeMs":(\d+)/g, (_m, ms: string) => `"portalTimeMs":${Number(ms) - HOUR_MS}`);
  writeFileSync(journal, shifted);
  await sandbox.close();
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as SandboxState;
  for (const o of state.pp.orders) o.createTime -= HOUR_MS / 1000;
  for (const p of state.ycm.pbxs) if (p.subDomain.startsWith('lt')) p.createTime -= HOUR_MS / 1000;
  writeFileSync(stateFile, JSON.stringify(state));
  sandbox = await startSandbox({ port: 0, stateFile });
}

/** Removes the journal's 'end' entries of one step: the state a crash right after the write leaves. */
function dropEnds(journal: string, step: string): number {
  const lines = readFileSync(journal, 'utf8').split('\n');
  const kept = lines.filter((l) => !(l.includes('"t":"end"') && l.includes(`"step":"${step}"`)));
  writeFileSync(journal, kept.join('\n'));
  return lines.length - kept.length;
}

describe('a crash resumed an hour later', () => {
  it('adopts the PBXs, orders and profile the crashed run created instead of creating them again', async () => {
    const journalFile = join(dir, 'late.journal.jsonl');
    const options = () => ({
      clients: createClients(sandboxTargets(sandbox)),
      target: 'SANDBOX',
      journalFile,
    });
    const first = await runWorkbook({ file: join(dir, 'late.xlsx') }, options());
    expect(first.report.summary.byStatus).toEqual({ succeeded: built.total });
    expect(dropEnds(journalFile, 'order')).toBe(2);
    expect(dropEnds(journalFile, 'createProfile')).toBe(1);
    expect(dropEnds(journalFile, 'createPbx')).toBeGreaterThanOrEqual(4);
    await anHourLater(journalFile);

    const second = await runWorkbook({ file: join(dir, 'late.xlsx') }, options());
    expect(second.report.summary.byStatus).toEqual({ succeeded: built.total });
    const state = sandbox.state();
    expect(state.pp.orders).toHaveLength(2);
    expect(state.mr.profiles).toHaveLength(1);
    expect(state.ycm.pbxs.filter((p) => p.subDomain.startsWith('lt'))).toHaveLength(4);
  });
});
