import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPorts } from '../../src/app/default-ports.ts';
import { Session } from '../../src/app/session.ts';
import { SessionError } from '../../src/app/session-error.ts';
import type { FileRef } from '../../src/shared/bridge.ts';

const SAMPLE = join(import.meta.dirname, '../../templates/sample.xlsx');
let dir: string;
let session: Session;
let ref: FileRef;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pbx-session-'));
  session = new Session({
    ports: defaultPorts(),
    workDir: dir,
    targets: [{ id: 'sandbox', label: 'Sandbox', sandbox: true, live: { kind: 'live' } }],
  });
  ref = await session.uploadFile({ name: 'sample.xlsx', data: new Uint8Array(await readFile(SAMPLE)) });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('UI session on the shipped sample', () => {
  it('opens every sheet and counts the rows with errors', async () => {
    const opened = await session.openSheet({ file: ref });
    expect(opened.sheets.map((s) => s.name)).toEqual(['PBX', 'DID Bindings', 'Expansions', 'MyReports']);
    const pbx = opened.sheets[0];
    expect(pbx?.counts.invalid).toBe(2);
    expect(opened.firstRows.length).toBe(pbx?.counts.rows);
  });

  it('sends secret cells to the window masked, flags those columns, and keeps a secret the mask is sent back for', async () => {
    const opened = await session.openSheet({ file: ref });
    const pbx = opened.sheets[0];
    const col = (header: string): number => pbx?.columns.find((c) => c.header === header)?.index ?? -1;
    const password = col('Admin password');
    const passwordless = col('Passwordless login');
    expect(pbx?.columns[password]?.secret).toBe(true);
    expect(pbx?.columns[passwordless]?.secret).toBe(false);
    const rows = await session.getRows({ sheet: 'PBX', start: 0, count: 100 });
    const valid = rows.rows.find((r) => r.status === 'valid' && r.cells[password] !== '');
    expect(valid?.cells[password]).toBe('••••••••');
    expect(JSON.stringify([opened, rows])).not.toMatch(/Sandbox-Pass7x9q|Initech-1234x/);
    expect(['Enabled', 'Disabled', '']).toContain(valid?.cells[passwordless]);
    // The mask sent back as the value (an editor that echoes what it shows) changes nothing.
    const after = await session.updateCell({
      sheet: 'PBX',
      index: valid?.index ?? -1,
      col: password,
      text: '••••••••',
    });
    expect(after.row.status).toBe('valid');
    expect(after.row.messages.filter((m) => m.col === password)).toEqual([]);
  });

  it('a file that cannot be read is named in the error by the name the user chose, never by its path here', async () => {
    await session.openSheet({ file: ref });
    const bad = await session.uploadFile({
      name: 'customers.xlsx',
      data: new TextEncoder().encode('not a zip'),
    });
    const error = await session.openSheet({ file: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionError);
    expect((error as Error).message).toMatch(/^customers\.xlsx: /);
    expect((error as Error).message).not.toContain(dir);
    const quote = await session.uploadFile({
      name: 'dids.csv',
      data: new TextEncoder().encode('PBX subdomain,Trunk,DIDs\nacme,T1,"+1202\n'),
    });
    await expect(session.openSheet({ file: quote })).rejects.toThrow(
      /^dids\.csv \(row 2\): A quote opened in row 2/,
    );
  });

  it('pins each message to the cell it is about', async () => {
    const opened = await session.openSheet({ file: ref });
    const planCol = opened.sheets[0]?.columns.find((c) => c.header === 'Plan')?.index;
    const bad = opened.firstRows.find(
      (r) => r.status === 'invalid' && r.messages.some((m) => m.col === planCol),
    );
    expect(bad?.messages[0]?.message).toContain('Enterprise Plan');
  });

  it('filters to rows with errors', async () => {
    await session.openSheet({ file: ref });
    const rows = await session.getRows({ sheet: 'PBX', start: 0, count: 100, filter: 'errors' });
    expect(rows.total).toBe(2);
    expect(rows.rows.every((r) => r.status === 'invalid')).toBe(true);
  });

  it('re-validates a row after an inline fix, and keeps the source row number', async () => {
    const opened = await session.openSheet({ file: ref });
    const sheet = opened.sheets[0];
    const col = sheet?.columns.find((c) => c.header === 'Plan')?.index ?? -1;
    const bad = opened.firstRows.find((r) => r.messages.some((m) => m.col === col));
    if (!bad) throw new Error('the sample has no bad Plan cell');
    const fixed = await session.updateCell({ sheet: 'PBX', index: bad.index, col, text: 'Enterprise Plan' });
    expect(fixed.row.status).toBe('valid');
    expect(fixed.row.row).toBe(bad.row);
    expect(fixed.row.cells[col]).toBe('Enterprise Plan');
    expect(fixed.counts.invalid).toBe(1);
  });

  it('lets the user ignore a column, and says what that breaks on the user’s own header', async () => {
    await session.openSheet({ file: ref });
    const after = await session.setMapping({ sheet: 'PBX', mapping: { Plan: null } });
    const pbx = after.sheets[0];
    expect(pbx?.columns.find((c) => c.header === 'Plan')?.field).toBeNull();
    expect(pbx?.counts.invalid).toBe(pbx?.counts.rows);
  });

  it('exports a JSON report with the edited status and an xlsx that keeps the user columns', async () => {
    const opened = await session.openSheet({ file: ref });
    const col = opened.sheets[0]?.columns.find((c) => c.header === 'Plan')?.index ?? -1;
    const bad = opened.firstRows.find((r) => r.messages.some((m) => m.col === col));
    await session.updateCell({ sheet: 'PBX', index: bad?.index ?? 0, col, text: 'Enterprise Plan' });
    const json = await session.exportReport({ format: 'json' });
    const report = JSON.parse(await readFile(session.exportFile(json.id)?.path ?? '', 'utf8')) as {
      rows: Array<{ sheet: string; row: number; status: string }>;
    };
    expect(report.rows.find((r) => r.sheet === 'PBX' && r.row === bad?.row)?.status).toBe('valid');
    const xlsx = await session.exportReport({ format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(session.exportFile(xlsx.id)?.path ?? '');
    const headers = (wb.getWorksheet('PBX')?.getRow(1).values ?? []) as unknown[];
    expect(headers).toContain('Plan');
    expect(headers).toContain('Result: status');
    expect(JSON.stringify(wb.getWorksheet('PBX')?.getSheetValues())).not.toContain('Sandbox-Pass7x9q');
  });

  it('refuses uploads that are not sheets, and never uses the name as a path', async () => {
    await expect(session.uploadFile({ name: 'evil.exe', data: new Uint8Array(1) })).rejects.toThrow(
      /not a sheet/,
    );
    const f = await session.uploadFile({ name: '../../etc/x.csv', data: new Uint8Array(1) });
    expect(f.name).toBe('x.csv');
  });
});
