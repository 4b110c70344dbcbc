import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { SHEET_KINDS, SHEET_NAMES } from '../../../src/shared/types.ts';
import { normalizeHeader } from '../../../src/core/map/map-headers.ts';
import { writeReport } from '../../../src/core/report/write-report.ts';
import { reportSourceOf } from '../../../src/core/report/report-source.ts';
import { validateFile } from '../../../src/core/validate/validate-file.ts';
import { EXAMPLE_ROWS, SAMPLE_ROWS } from '../../../src/core/templates/sample-rows.ts';
import { writeTemplate } from '../../../src/core/templates/make-template.ts';
import { filledInExamples } from '../../helpers/example-rows.ts';

const TEMPLATES = join(import.meta.dirname, '..', '..', '..', 'templates');
let fresh = '';

beforeAll(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'pbx-templates-'));
  // The same calls as scripts/make-templates.ts (npm run templates).
  await writeTemplate(join(fresh, 'pbx-bulk-template.xlsx'), SHEET_KINDS, EXAMPLE_ROWS);
  await writeTemplate(join(fresh, 'sample.xlsx'), SHEET_KINDS, SAMPLE_ROWS);
  for (const kind of SHEET_KINDS) await writeTemplate(join(fresh, `${kind}.csv`), [kind], EXAMPLE_ROWS);
});
afterAll(async () => {
  await rm(fresh, { recursive: true, force: true });
});

interface SheetContent {
  name: string;
  state: string;
  cells: Array<[string, string, string]>;
  validations: Array<[string, string]>;
}

/** What a user sees in a workbook: cell text, notes, dropdown lists (not zip bytes). */
async function contentOf(file: string): Promise<SheetContent[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook.worksheets.map((sheet) => {
    const cells: Array<[string, string, string]> = [];
    const validations: Array<[string, string]> = [];
    sheet.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const note = typeof cell.note === 'string' ? cell.note : JSON.stringify(cell.note ?? '');
        cells.push([cell.address, cell.text, note]);
      }),
    );
    for (let r = 2; r <= 3; r++) {
      sheet.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
        if (cell.dataValidation) validations.push([cell.address, JSON.stringify(cell.dataValidation)]);
      });
    }
    return { name: sheet.name, state: sheet.state, cells, validations };
  });
}

describe('templates/ cannot drift from the schemas', () => {
  it.each(['pbx-bulk-template.xlsx', 'sample.xlsx'])('%s equals a fresh generation (cells, notes, dropdowns)', async (name) => {
    const committed = await contentOf(join(TEMPLATES, name));
    const generated = await contentOf(join(fresh, name));
    expect(committed).toEqual(generated);
  });

  it.each(SHEET_KINDS)('%s.csv equals a fresh generation', async (kind) => {
    const committed = await readFile(join(TEMPLATES, `${kind}.csv`), 'utf8');
    const generated = await readFile(join(fresh, `${kind}.csv`), 'utf8');
    expect(committed).toBe(generated);
  });
});

describe('the template workbook', () => {
  it('has one sheet per kind, named as the validator expects, with unique headers that each carry a note', async () => {
    const sheets = await contentOf(join(TEMPLATES, 'pbx-bulk-template.xlsx'));
    const visible = sheets.filter((s) => s.state === 'visible');
    expect(visible.map((s) => s.name)).toEqual(SHEET_KINDS.map((k) => SHEET_NAMES[k]));
    for (const sheet of visible) {
      const headers = sheet.cells.filter(([address]) => /^[A-Z]+1$/.test(address));
      const keys = headers.map(([, text]) => normalizeHeader(text));
      expect(new Set(keys).size, sheet.name).toBe(keys.length);
      for (const [address, , note] of headers) expect(note, `${sheet.name}!${address}`).toMatch(/API field: /);
    }
  });

  it('its notes say when a column is required: always, one of a group, once the initial configuration is started, or on a condition', async () => {
    const sheets = await contentOf(join(TEMPLATES, 'pbx-bulk-template.xlsx'));
    const noteOf = (sheetName: string, header: string): string => {
      const sheet = sheets.find((s) => s.name === sheetName);
      const cell = sheet?.cells.find(([address, text]) => /^[A-Z]+1$/.test(address) && text === header);
      return cell?.[2] ?? '';
    };
    expect(noteOf('PBX', 'Subdomain')).toMatch(/\nRequired\./);
    expect(noteOf('PBX', 'Region ID')).toMatch(/Required: fill this column or 'Region'\./);
    expect(noteOf('PBX', 'Region ID')).not.toMatch(/\nRequired\./);
    expect(noteOf('PBX', 'Admin email')).toMatch(/Required once any initial-configuration column of this row is filled/);
    expect(noteOf('PBX', 'Admin mobile prefix')).not.toMatch(/Required/);
    expect(noteOf('PBX', 'International dial code')).toMatch(/Required when international calls are restricted\./);
    expect(noteOf('MyReports', 'Kazoo account ID')).toMatch(/Required for a Kazoo profile\./);
    expect(noteOf('MyReports', '3CX licence key')).toMatch(/Required for a 3CX profile\./);
  });

  it('offers dropdowns for enumerations on data rows (long lists on the hidden Lists sheet)', async () => {
    const sheets = await contentOf(join(TEMPLATES, 'pbx-bulk-template.xlsx'));
    const pbx = sheets.find((s) => s.name === 'PBX');
    const column = (label: string): string =>
      (pbx?.cells.find(([address, text]) => /^[A-Z]+1$/.test(address) && text === label)?.[0] ?? '').replace('1', '');
    const listAt = (address: string) =>
      JSON.parse(pbx?.validations.find(([a]) => a === address)?.[1] ?? '{}') as { type?: string; formulae?: string[] };
    expect(listAt(`${column('Type')}2`)).toMatchObject({ type: 'list', formulae: ['"Trial,Commercial"'] });
    const plan = listAt(`${column('Plan')}3`);
    expect(plan.type).toBe('list');
    const lists = sheets.find((s) => s.name === 'Lists');
    expect(lists?.state).toBe('hidden');
    const [ref = ''] = plan.formulae ?? [];
    const col = /Lists!\$([A-Z]+)\$/.exec(ref)?.[1] ?? '?';
    const values = (lists?.cells ?? []).filter(([a]) => a.replace(/\d+$/, '') === col).map(([, text]) => text);
    expect(values).toEqual(['Enterprise Plan', 'Ultimate Plan']);
  });

  it('its example rows are refused for their example marker alone, in the workbook and every CSV template', async () => {
    for (const name of ['pbx-bulk-template.xlsx', ...SHEET_KINDS.map((k) => `${k}.csv`)]) {
      const result = await validateFile(join(TEMPLATES, name));
      for (const row of result.report.rows) {
        expect(row.status, `${name} ${row.sheet}`).toBe('invalid');
        const errors = row.messages.filter((m) => m.level === 'error').map((m) => m.message);
        expect(errors, `${name} ${row.sheet}`).toEqual([expect.stringMatching(/template's example/)]);
      }
    }
  });

  it('its example rows validate with no error once the example subdomain and API key are replaced', async () => {
    const file = join(fresh, 'filled-in.xlsx');
    await writeTemplate(file, SHEET_KINDS, filledInExamples());
    const result = await validateFile(file);
    expect(result.report.summary).toMatchObject({ total: 4, errors: 0 });
    expect(result.report.rows.every((r) => r.status === 'valid')).toBe(true);
  });
});

describe('the sample workbook', () => {
  it('has exactly the two deliberate mistakes: a 1234 password (PBX row 4) and a lower-case plan (PBX row 5)', async () => {
    const result = await validateFile(join(TEMPLATES, 'sample.xlsx'));
    const invalid = result.report.rows
      .filter((r) => r.status === 'invalid')
      .map((r) => [r.sheet, r.row, r.messages.filter((m) => m.level === 'error').map((m) => m.column)]);
    expect(invalid).toEqual([
      ['PBX', 4, ['Admin password']],
      ['PBX', 5, ['Plan']],
    ]);
    expect(result.report.summary).toMatchObject({ total: 10, errors: 2 });
  });

  it('its example secrets (admin password, API key) are never written to a report', async () => {
    const result = await validateFile(join(TEMPLATES, 'sample.xlsx'), { keepCells: true });
    for (const ext of ['json', 'csv', 'xlsx']) {
      const out = join(fresh, `sample-report.${ext}`);
      await writeReport(out, result.report, reportSourceOf(result));
      const bytes = await readFile(out);
      const text = ext === 'xlsx' ? await xlsxText(out) : bytes.toString('utf8');
      for (const secret of ['Sandbox-Pass7x9q', 'Initech-1234x', 'sandbox-kazoo-api-key']) {
        expect(text, `${ext} ${secret}`).not.toContain(secret);
      }
    }
  });
});

async function xlsxText(file: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const texts: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => texts.push(cell.text))));
  return texts.join('\n');
}
