/**
 * CSV reports: UTF-8 with a BOM (so Excel opens accents and `•` right), RFC 4180 quoting, CRLF;
 * `;` between cells when the input CSV used it (reportDelimiter), else `,`.
 *
 * Layout:
 * - with the source of a single sheet: the user's own columns, cell text as typed, then the
 *   `Result: ...` columns (row, status, messages, and ids/times for a run report);
 * - with a multi-sheet source: the same per sheet, written next to `out` as `<base>.<sheet>.csv`,
 *   and `out` itself in the generic layout below, holding every row of the report;
 * - without a source: the generic layout, one line per report row:
 *   `sheet, kind, Result: row, Result: status, Result: messages` (+ run columns).
 * Every cell goes through safeCell; secret columns are masked.
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Report, ReportRow } from '../../shared/types.ts';
import type { ChunkedWriter } from '../util/atomic-file.ts';
import { withWriter, writeAtomically } from '../util/atomic-file.ts';
import { safeCell } from '../util/cell-safety.ts';
import { quoteCsv } from '../util/quote-csv.ts';
import type { ReportSheetSource, ReportSource } from './report-layout.ts';
import {
  RESULT_COLUMNS,
  reportCell,
  resultCell,
  resultColumns,
  rowSecrets,
  rowsBySheet,
  secretColumns,
  sheetWidth,
  sortReportRows,
  withoutEarlierResults,
  writtenResultCell,
} from './report-layout.ts';

const BOM = '\uFEFF';

function csvLine(cells: readonly string[], delimiter = ','): string {
  return `${cells.map((cell) => quoteCsv(safeCell(cell))).join(delimiter)}\r\n`;
}

/**
 * The delimiter of a sheet's CSV report: `;` when the input used it (Excel in much of Europe saves
 * and opens CSV with `;`: a `,` report would open there as one column), else `,`. A tab-separated
 * input gets `,`: Excel does not split a .csv on tabs.
 */
function reportDelimiter(source: ReportSheetSource): string {
  return source.delimiter === ';' ? ';' : ',';
}

/** Writes a CSV report; see the file comment for the layouts. */
export async function writeCsvReport(out: string, report: Report, source?: ReportSource): Promise<void> {
  const sheets = source?.sheets ?? [];
  const only = sheets.length === 1 ? sheets[0] : undefined;
  if (only) {
    await writeAtomically(out, (temp) => writeSheetCsv(temp, report, only));
    return;
  }
  const paths = sheetCsvPaths(
    out,
    sheets.map((sheet) => sheet.name),
  );
  for (const [i, sheet] of sheets.entries()) {
    await writeAtomically(paths[i] ?? out, (temp) => writeSheetCsv(temp, report, sheet));
  }
  await writeAtomically(out, (temp) => writeGenericCsv(temp, report, source));
}

/**
 * Where the CSVs of a multi-sheet report go: `<dir>/<base>.<sheet>.csv`, characters a file name
 * cannot hold made `_`. Two sheets that come out the same ("DID Bindings", "DID_Bindings"), or
 * differ only in case, get `-2`, `-3`... so neither overwrites the other.
 */
export function sheetCsvPaths(out: string, sheetNames: readonly string[]): string[] {
  const ext = extname(out);
  const base = basename(out, ext);
  const taken = new Set<string>();
  return sheetNames.map((name) => {
    const safeName = name.replace(/[^\p{L}\p{N}._-]+/gu, '_');
    let file = `${base}.${safeName}`;
    for (let n = 2; taken.has(file.toLowerCase()); n++) file = `${base}.${safeName}-${n}`;
    taken.add(file.toLowerCase());
    return join(dirname(out), `${file}${ext}`);
  });
}

async function writeGenericCsv(path: string, report: Report, source?: ReportSource): Promise<void> {
  const columns = resultColumns(report, true);
  await withWriter(path, async (writer) => {
    await writer.write(BOM + csvLine(['sheet', 'kind', ...columns.map((c) => RESULT_COLUMNS[c])]));
    for (const row of sortReportRows(report.rows, source)) {
      await writer.write(csvLine([row.sheet, row.kind, ...columns.map((c) => resultCell(row, c, []))]));
    }
  });
}

async function writeSheetCsv(path: string, report: Report, source: ReportSheetSource): Promise<void> {
  const sheet = withoutEarlierResults(source);
  const columns = resultColumns(report, true);
  const width = sheetWidth(sheet);
  const secret = secretColumns(sheet, width);
  const reportRows = rowsBySheet(report.rows).get(sheet.name) ?? new Map<number, ReportRow>();
  const headers = Array.from({ length: width }, (_, i) => sheet.headers[i] ?? '');
  const delimiter = reportDelimiter(source);
  const line = (cells: readonly string[]): string => csvLine(cells, delimiter);
  await withWriter(path, async (writer: ChunkedWriter) => {
    await writer.write(BOM + line([...headers, ...columns.map((c) => RESULT_COLUMNS[c])]));
    const written = new Set<number>();
    const sourceRows = [...sheet.rows].sort((a, b) => a.row - b.row);
    for (const sourceRow of sourceRows) {
      written.add(sourceRow.row);
      const reportRow = reportRows.get(sourceRow.row);
      const secrets = rowSecrets(sourceRow, secret);
      const cells = headers.map((_, i) => reportCell(sourceRow.cells[i] ?? '', i, secret, secrets));
      const result = columns.map((c) =>
        c === 'row' ? String(sourceRow.row) : writtenResultCell(sheet, sourceRow.row, reportRow, c, secrets),
      );
      await writer.write(line([...cells, ...result]));
    }
    // Report rows without source cells (should not happen) are kept rather than silently lost.
    for (const [rowNumber, reportRow] of [...reportRows].sort((a, b) => a[0] - b[0])) {
      if (written.has(rowNumber)) continue;
      await writer.write(
        line([...headers.map(() => ''), ...columns.map((c) => resultCell(reportRow, c, []))]),
      );
    }
  });
}
