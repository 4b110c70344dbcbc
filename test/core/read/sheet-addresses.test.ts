/**
 * Worksheets whose rows and cells leave out their optional `r` attributes (ECMA-376 allows it;
 * exceljs's streaming reader cannot place such cells): the layout scanner writes the addresses in,
 * and a sheet that has them passes through byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { scanSheetLayout } from '../../../src/core/read/sheet-layout.ts';
import { validateFile } from '../../../src/core/validate/validate-file.ts';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** A sheet of `rows` (null = an empty row tag), every row and cell addressed as Excel writes them. */
function sheetXml(rows: Array<string[] | null>, options: { hidden?: number } = {}): string {
  const body = rows
    .map((cells, i) => {
      const r = i + 1;
      const hidden = options.hidden === r ? ' hidden="1"' : '';
      if (cells === null) return `<row r="${r}"${hidden}/>`;
      const cs = cells
        .map(
          (text, j) => `<c r="${String.fromCharCode(65 + j)}${r}" t="inlineStr"><is><t>${text}</t></is></c>`,
        )
        .join('');
      return `<row r="${r}"${hidden} spans="1:${cells.length}">${cs}</row>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="3" width="20"/></cols><sheetData>${body}</sheetData><mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells></worksheet>`;
}

/** Streams `xml` through the scanner in chunks of `size` bytes; the text exceljs would get, and the layout. */
async function through(xml: string, size: number) {
  const bytes = Buffer.from(xml);
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  const { stream, layout } = scanSheetLayout(Readable.from(chunks));
  let text = '';
  for await (const chunk of stream) text += chunk as string;
  return { text, layout };
}

const ROWS = [
  ['Subdomain', 'Trunk', 'Name'],
  ['café-ü', 'US_Register_A1B2C3', 'Müller 🚀 GmbH'],
  null,
  ['b', 'c', 'd'],
];

describe('worksheet XML without row numbers or cell addresses', () => {
  const addressed = sheetXml(ROWS, { hidden: 4 });
  const bare = addressed.replace(/ r="[A-Z]*\d+"/g, '');

  it.each([1, 2, 3, 7, 64, 65536])(
    'gets every row number and cell address written in, whatever the chunk size (%i bytes)',
    async (size) => {
      expect(bare).not.toContain(' r="');
      const { text, layout } = await through(bare, size);
      expect(text).toBe(addressed);
      expect([...layout.hiddenRows]).toEqual([4]);
      expect(layout.merges).toEqual(['A2:A3']);
      expect(layout.complete).toBe(true);
    },
  );

  it('cells without addresses in rows that have their numbers (and the other way round) are placed too', async () => {
    const cellsOnly = addressed.replace(/<c r="[A-Z]+\d+"/g, '<c');
    expect((await through(cellsOnly, 5)).text).toBe(addressed);
    const rowsOnly = addressed.replace(/<row r="\d+"/g, '<row');
    expect((await through(rowsOnly, 5)).text).toBe(addressed);
  });

  it('a row or cell that gives its address sets where the next ones without go', async () => {
    // Row 2 skipped by number; its second cell placed at C.
    const mixed = `<worksheet xmlns="${NS}"><sheetData><row><c><v>1</v></c></row><row r="3"><c><v>2</v></c><c r="C3"><v>3</v></c><c><v>4</v></c></row><row><c/></row></sheetData></worksheet>`;
    expect((await through(mixed, 4)).text).toBe(
      `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>2</v></c><c r="C3"><v>3</v></c><c r="D3"><v>4</v></c></row><row r="4"><c r="A4"/></row></sheetData></worksheet>`,
    );
  });

  it('a sheet that has its addresses passes through byte for byte, split characters and all', async () => {
    for (const size of [1, 3, 64]) {
      const { text, layout } = await through(addressed, size);
      expect(text).toBe(addressed);
      expect([...layout.hiddenRows]).toEqual([4]);
    }
  });

  it('a workbook whose cells have no addresses is read, its values in their columns', async () => {
    const file = join(import.meta.dirname, '..', '..', 'fixtures', 'bad', 'cells-without-addresses.xlsx');
    const result = await validateFile(file, { keepCells: true });
    expect(result.sheets[0]?.headers).toEqual(['PBX subdomain', 'Trunk', 'DIDs', 'Mode']);
    expect(result.cells.get('DID Bindings')?.map((r) => [r.row, r.cells])).toEqual([
      [2, ['existingco', 'US_Register_A1B2C3', '+12025550150', 'add']],
    ]);
  });
});
