import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { Session } from '../../src/app/session.ts';
import type { GridRow, OpenResult } from '../../src/shared/bridge.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let dir: string;
let session: Session;
let opened: OpenResult;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-inline-'));
  session = new Session({
    ports: defaultPorts(),
    workDir: dir,
    targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
  });
  const ref = await session.uploadFile({ name: 'sample.xlsx', data: new Uint8Array(await readFile(SAMPLE)) });
  opened = await session.openSheet({ file: ref });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const colOf = (header: string): number =>
  opened.sheets[0]?.columns.find((c) => c.header === header)?.index ?? -1;

async function allRows(sheet: string): Promise<GridRow[]> {
  return (await session.getRows({ sheet, start: 0, count: 2000 })).rows;
}

describe('inline edits re-validate the edited row only', () => {
  it('fixes a cell without writing a working copy or re-reading the file', async () => {
    const col = colOf('Plan');
    const bad = opened.firstRows.find((r) => r.messages.some((m) => m.col === col));
    const fixed = await session.updateCell({
      sheet: 'PBX',
      index: bad?.index ?? 0,
      col,
      text: 'Enterprise Plan',
    });
    expect(fixed.row.status).toBe('valid');
    expect(fixed.counts.invalid).toBe(1);
    expect(existsSync(join(dir, 'copies'))).toBe(false);
  });

  it('flags a duplicate subdomain on the other row at once, and clears it when fixed', async () => {
    const col = colOf('Subdomain');
    const [first, second] = opened.firstRows.filter((r) => r.status === 'valid');
    if (!first || !second) throw new Error('the sample needs two valid PBX rows');
    const dup = await session.updateCell({
      sheet: 'PBX',
      index: second.index,
      col,
      text: first.cells[col] ?? '',
    });
    expect(dup.row.status).toBe('invalid');
    expect(dup.row.messages.map((m) => m.message).join()).toContain(`row ${first.row} already uses it`);
    expect(dup.row.messages.find((m) => /Duplicate subdomain/.test(m.message))?.col).toBe(col);
    const back = await session.updateCell({
      sheet: 'PBX',
      index: second.index,
      col,
      text: second.cells[col] ?? '',
    });
    expect(back.row.status).toBe('valid');
  });

  it('says the same as a full validation of the edited workbook, on every row of every sheet', async () => {
    const sub = colOf('Subdomain');
    const plan = colOf('Plan');
    const rows = opened.firstRows;
    // A fix no other row depends on (patched in place), then edits the cross-row checks read.
    await session.updateCell({ sheet: 'PBX', index: 2, col: plan, text: 'Enterprise Plan' });
    await session.updateCell({ sheet: 'PBX', index: 0, col: sub, text: rows[1]?.cells[sub] ?? '' });
    await session.updateCell({ sheet: 'PBX', index: 3, col: sub, text: 'BAD SUB!' });
    await session.updateCell({ sheet: 'PBX', index: 4, col: plan, text: 'enterprise plan' });
    const sheets = opened.sheets.map((s) => s.name);
    const incremental = await Promise.all(sheets.map(allRows));
    const counts = (await session.getReport())?.summary;
    await session.validate(); // the full path: working copy, whole file
    const full = await Promise.all(sheets.map(allRows));
    const view = (rs: GridRow[][]) =>
      rs.map((s) => s.map((r) => ({ row: r.row, status: r.status, messages: r.messages })));
    expect(view(incremental)).toEqual(view(full));
    const summary = (await session.getReport())?.summary;
    expect(counts?.byStatus).toEqual(summary?.byStatus);
    expect([counts?.errors, counts?.warnings, counts?.total]).toEqual([
      summary?.errors,
      summary?.warnings,
      summary?.total,
    ]);
  });

  it('re-checks the other sheets when an edit changes a value only a cross-row check reads', async () => {
    // A PBX's firmware is read by the DID rows' cross-row check (the binding needs 84.19.0.22):
    // the fields the inline pass watches come from the kind modules, so this edit is not skipped.
    const didOf = async (): Promise<GridRow | undefined> =>
      (await allRows('DID Bindings')).find((r) => r.cells.some((c) => c === 'globex'));
    expect((await didOf())?.messages.map((m) => m.message).join()).not.toContain('firmware 84.18.0.10');
    await session.updateCell({ sheet: 'PBX', index: 1, col: colOf('Firmware'), text: '84.18.0.10' });
    const warned = (await didOf())?.messages.find((m) => m.message.includes('firmware 84.18.0.10'));
    expect(warned?.message).toContain("'globex' is created with firmware 84.18.0.10; this needs 84.19.0.22");
    expect(warned?.level).toBe('warning');
  });

  it('follows the user’s column mapping after a remap, as a full validation does', async () => {
    await session.setMapping({ sheet: 'PBX', mapping: { Plan: null } });
    await session.updateCell({ sheet: 'PBX', index: 1, col: colOf('Subdomain'), text: 'x' });
    const incremental = await allRows('PBX');
    await session.validate();
    const full = await allRows('PBX');
    const view = (rs: GridRow[]) => rs.map((r) => ({ row: r.row, status: r.status, messages: r.messages }));
    expect(view(incremental)).toEqual(view(full));
    expect(incremental[1]?.status).toBe('invalid');
  });

  it('hands plan and run a working copy holding the edits', async () => {
    const col = colOf('Plan');
    await session.updateCell({ sheet: 'PBX', index: 0, col, text: 'Edited Plan Name' });
    const file = await session.engineFile();
    expect(file).not.toContain('uploads');
    const again = await session.engineFile();
    expect(again).toBe(file);
    await session.updateCell({ sheet: 'PBX', index: 0, col, text: 'Enterprise Plan' });
    expect(await session.engineFile()).not.toBe(file);
  });
});
