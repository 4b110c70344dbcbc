/** The Review grid's edits and views, and the Map screen's details, on the engine side. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { Session } from '../../src/app/session.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let dir: string;
let session: Session;

async function open(name: string, data: Uint8Array) {
  const ref = await session.uploadFile({ name, data });
  return session.openSheet({ file: ref });
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-grid-'));
  session = new Session({
    ports: defaultPorts(),
    workDir: dir,
    targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
  });
});
afterEach(async () => {
  await session.close();
  await rm(dir, { recursive: true, force: true });
});

const PLAN = 1;
const EXT = 2;
const PASSWORD = 34;
const cell = async (index: number, col: number): Promise<string | undefined> =>
  (await session.getRows({ sheet: 'PBX', start: index, count: 1 })).rows[0]?.cells[col];

describe('grid edits on the sample', () => {
  beforeEach(async () => {
    await open('sample.xlsx', new Uint8Array(await readFile(SAMPLE)));
  });

  it('pastes a block as one step that undo and redo take back and give again', async () => {
    const pasted = await session.edits.editCells({
      sheet: 'PBX',
      edits: [
        { index: 0, col: EXT, text: '30' },
        { index: 1, col: EXT, text: '900' },
      ],
    });
    expect(pasted.changed).toBe(2);
    expect(pasted.counts.byColumn?.[EXT]?.errors).toBe(1);
    expect(pasted.history.undo).toBe('paste of 2 cells');
    const undone = await session.edits.undo();
    expect(undone.counts.byColumn?.[EXT]?.errors).toBe(0);
    expect([await cell(0, EXT), await cell(1, EXT)]).toEqual(['20', '20']);
    expect(undone.history).toEqual({ redo: 'paste of 2 cells' });
    await session.edits.redo();
    expect(await cell(1, EXT)).toBe('900');
    await expect(session.edits.redo()).rejects.toThrow('There is nothing to redo.');
  });

  it('re-validates a pasted block row by row and the cross-row checks once, with no working copy', async () => {
    const SUBDOMAIN = 9;
    const first = await cell(0, SUBDOMAIN);
    const r = await session.edits.editCells({
      sheet: 'PBX',
      edits: [1, 4].map((index) => ({ index, col: SUBDOMAIN, text: first ?? '' })),
    });
    expect(r.changed).toBe(2);
    const rows = (await session.getRows({ sheet: 'PBX', start: 0, count: 10 })).rows;
    expect(rows[1]?.messages.map((m) => m.message).join()).toContain('row 2 already uses it');
    expect(rows[4]?.status).toBe('invalid');
    const all = await readdir(dir, { recursive: true });
    expect(all.filter((p) => p.endsWith('copies'))).toEqual([]);
  });

  it('fixes every cell of a fixed-value column that differs only in case or spacing', async () => {
    const r = await session.edits.fixColumn({ sheet: 'PBX', col: PLAN });
    expect(r.changed).toBe(1);
    expect(await cell(3, PLAN)).toBe('Enterprise Plan');
    expect(r.counts.byColumn?.[PLAN]?.errors).toBe(0);
    await expect(session.edits.fixColumn({ sheet: 'PBX', col: 0 })).rejects.toThrow(/no fixed list/);
  });

  it('fills a secret down without sending it, and undo restores the old secret', async () => {
    const before = (await session.getRows({ sheet: 'PBX', start: 0, count: 10 })).rows;
    expect(before[2]?.status).toBe('invalid');
    const r = await session.edits.fillDown({ sheet: 'PBX', col: PASSWORD, indexes: [0, 2] });
    expect(r.changed).toBe(1);
    expect(r.counts.byColumn?.[PASSWORD]?.errors).toBe(0);
    expect(JSON.stringify(r)).not.toMatch(/Sandbox-Pass7x9q/);
    await session.edits.undo();
    expect((await session.getRows({ sheet: 'PBX', start: 2, count: 1 })).rows[0]?.status).toBe('invalid');
  });

  it('replaces text in the columns it may see, never in a secret column', async () => {
    const r = await session.edits.replaceAll({
      sheet: 'PBX',
      find: 'Corp',
      replace: 'Corporation',
      col: 0,
      matchCase: true,
    });
    expect(r.changed).toBe(1);
    expect(await cell(1, 0)).toBe('Globex Corporation');
    await expect(
      session.edits.replaceAll({ sheet: 'PBX', find: 'a', replace: 'b', col: PASSWORD }),
    ).rejects.toThrow(/Secret columns/);
  });

  it('lists rows by status, search and sort, worked out on the engine side', async () => {
    const errors = await session.getRows({ sheet: 'PBX', start: 0, count: 10, filter: 'errors' });
    expect(errors.rows.map((r) => r.cells[0])).toEqual(['Initech', 'Umbrella Co']);
    const found = await session.getRows({ sheet: 'PBX', start: 0, count: 10, search: 'hoo' });
    expect(found.rows.map((r) => r.cells[0])).toEqual(['Hooli']);
    const sorted = await session.getRows({ sheet: 'PBX', start: 0, count: 10, sort: { col: 0, desc: true } });
    expect(sorted.rows.map((r) => r.cells[0])).toEqual([
      'Umbrella Co',
      'Initech',
      'Hooli',
      'Globex Corp',
      'Acme Ltd',
    ]);
    const byStatus = await session.getRows({
      sheet: 'PBX',
      start: 0,
      count: 10,
      sort: { col: -1, desc: false },
    });
    expect(byStatus.rows.slice(0, 2).map((r) => r.status)).toEqual(['invalid', 'invalid']);
    // The password is not searched: its text never reaches the window.
    expect((await session.getRows({ sheet: 'PBX', start: 0, count: 10, search: 'Pass7x9q' })).total).toBe(0);
  });

  it('writes a corrected workbook: only edited cells change, formatting and columns stay', async () => {
    await session.edits.editCells({
      sheet: 'PBX',
      edits: [{ index: 3, col: PLAN, text: 'Enterprise Plan' }],
    });
    await session.edits.editCells({ sheet: 'PBX', edits: [{ index: 0, col: EXT, text: '25' }] });
    const exp = await session.exportCorrected();
    expect(exp.name).toBe('sample-corrected.xlsx');
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(SAMPLE);
    const corrected = new ExcelJS.Workbook();
    await corrected.xlsx.readFile(session.exportFile(exp.id)?.path ?? '');
    const a = original.getWorksheet('PBX');
    const b = corrected.getWorksheet('PBX');
    expect(b?.getCell('B5').value).toBe('Enterprise Plan');
    // The cell keeps its type: a number where the user had a number, text where text.
    expect(typeof b?.getCell('C2').value).toBe(typeof a?.getCell('C2').value);
    expect(String(b?.getCell('C2').value)).toBe('25');
    expect(b?.getCell('A3').value).toEqual(a?.getCell('A3').value);
    expect(b?.getRow(1).font).toEqual(a?.getRow(1).font);
    expect(b?.getColumn(1).width).toEqual(a?.getColumn(1).width);
    expect(corrected.worksheets.map((w) => w.name)).toEqual(original.worksheets.map((w) => w.name));
  });
});

describe('the Map screen on the engine side', () => {
  it('gives samples, near-name suggestions and the required fields no column fills', async () => {
    const csv =
      'Company name,Extension count,Plan,Admin password\nAcme,20,Enterprise Plan,Secret-Pass-99\nGlobex,5,Ultimate Plan,\n';
    await open('pbx.csv', new TextEncoder().encode(csv));
    const d = await session.edits.mapDetails({ sheet: 'pbx.csv' });
    expect(d.columns[0]?.suggestion).toMatchObject({ field: 'name', label: 'PBX name' });
    expect(d.columns[1]?.suggestion).toMatchObject({ field: 'extensionCapacity', confidence: 'high' });
    expect(d.columns[0]?.samples).toEqual(['Acme', 'Globex']);
    expect(d.columns[3]?.samples).toEqual(['••••••••']);
    expect(d.missing.map((m) => m.label)).toContain('PBX name');
    expect(d.missing.map((m) => m.label)).not.toContain('Plan');
  });

  it('reads the sheet again with the header row the user chose', async () => {
    // Row 1 is a caption that happens to name two fields; the real headers are on row 2.
    const csv = 'PBX name,Plan\nPBX name,Plan,Extensions\nAcme,Enterprise Plan,20\n';
    const opened = await open('pbx.csv', new TextEncoder().encode(csv));
    expect(opened.sheets[0]?.headerRow).toBe(1);
    const again = await session.setHeaderRow({ sheet: 'pbx.csv', row: 2 });
    expect(again.sheets[0]?.headerRow).toBe(2);
    expect(again.sheets[0]?.columns.map((c) => c.field)).toEqual(['name', 'plan', 'extensionCapacity']);
    expect(again.firstRows[0]?.row).toBe(3);
    // Plan and run read a working copy of what the grid shows.
    const file = await session.engineFile();
    expect((await readFile(file, 'utf8')).split(/\r?\n/)[0]).toBe('"PBX name","Plan","Extensions"');
  });
});
