/**
 * Writes a validate, plan or run report as `.json`, `.csv` or `.xlsx`, chosen by the output's
 * extension (PRODUCT.md, Report; issue 2 item 5, issue 4 item 3).
 */
import { extname } from 'node:path';
import type { Report, ReportRow } from '../../shared/types.ts';
import { withWriter, writeAtomically } from '../util/atomic-file.ts';
import type { ReportSource } from './report-layout.ts';
import { rowSecrets, secretColumns, sheetWidth, sortReportRows } from './report-layout.ts';
import { scrubText } from '../util/cell-safety.ts';
import { sameFile } from '../util/same-file.ts';
import { sheetCsvPaths, writeCsvReport } from './write-csv.ts';
import { writeXlsxReport } from './write-xlsx.ts';

export type { ReportSheetSource, ReportSource } from './report-layout.ts';
export { RESULT_HEADERS, RESULT_HEADER_PREFIX } from './report-layout.ts';
export { isResultHeader } from '../model.ts';

/** The report formats, by lower-case extension. */
export const REPORT_EXTENSIONS: readonly string[] = ['.json', '.csv', '.xlsx'];

/**
 * Writes `report` to `out` in the format its extension names and returns the files written (a CSV
 * report of several sheets is one file per sheet beside `out`, and `out` itself). `source` (the
 * cells as the user typed them) lets CSV and XLSX reports keep the user's own columns, and lets
 * every format scrub secret values a message might echo. `input`, the file the rows were read from,
 * is never written over: a report given its path would replace the user's sheet with one whose
 * passwords are masked. Throws an Error naming the extension for any other format.
 */
export async function writeReport(
  out: string,
  report: Report,
  source?: ReportSource,
  input?: string,
): Promise<string[]> {
  const ext = extname(out).toLowerCase();
  if (!REPORT_EXTENSIONS.includes(ext)) {
    throw new Error(
      `Cannot write a report as "${ext || '(no extension)'}" (${out}): use a .json, .csv or .xlsx file name.`,
    );
  }
  const files = reportFiles(out, source);
  for (const file of files) {
    if (input !== undefined && (await sameFile(file, input))) {
      throw new Error(
        `Cannot write the report ${file}: it is the file being read (${input}), which the report would replace. Give the report another name.`,
      );
    }
  }
  if (ext === '.json') await writeAtomically(out, (temp) => writeJsonReport(temp, report, source));
  else if (ext === '.csv') await writeCsvReport(out, report, source);
  else await writeXlsxReport(out, report, source);
  return files;
}

/** The files writeReport writes for `out`: one per sheet beside it for a CSV of several sheets, then `out`. */
export function reportFiles(out: string, source?: ReportSource): string[] {
  const sheets = source?.sheets ?? [];
  if (extname(out).toLowerCase() !== '.csv' || sheets.length < 2) return [out];
  return [
    ...sheetCsvPaths(
      out,
      sheets.map((sheet) => sheet.name),
    ),
    out,
  ];
}

/** The JSON form of one report row: fixed key order, optional keys only when present. */
function jsonRow(row: ReportRow, secrets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    sheet: row.sheet,
    row: row.row,
    kind: row.kind,
    status: row.status,
    messages: row.messages.map((m) => ({
      column: m.column ?? null,
      level: m.level,
      message: scrubText(m.message, secrets),
      ...(m.code !== undefined ? { code: m.code } : {}),
      ...(m.reason !== undefined ? { reason: m.reason } : {}),
    })),
  };
  if (row.ids) out['ids'] = row.ids;
  if (row.startedAt !== undefined) out['startedAt'] = row.startedAt;
  if (row.finishedAt !== undefined) out['finishedAt'] = row.finishedAt;
  return out;
}

/** Secret values per sheet and row, from the source cells (empty without a source). */
function secretsByRow(source?: ReportSource): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const sheet of source?.sheets ?? []) {
    const secret = secretColumns(sheet, sheetWidth(sheet));
    if (secret.size === 0) continue;
    for (const row of sheet.rows) out.set(`${sheet.name}\u0000${row.row}`, rowSecrets(row, secret));
  }
  return out;
}

/**
 * `{ "summary": {...}, "rows": [...] }`, rows ordered by sheet then row number. Streamed one row per
 * line so a 100k-row report never needs one giant string.
 */
async function writeJsonReport(path: string, report: Report, source?: ReportSource): Promise<void> {
  const secrets = secretsByRow(source);
  await withWriter(path, async (writer) => {
    await writer.write(`{\n  "summary": ${JSON.stringify(report.summary)},\n  "rows": [`);
    let first = true;
    for (const row of sortReportRows(report.rows, source)) {
      const rowSecretValues = secrets.get(`${row.sheet}\u0000${row.row}`) ?? [];
      await writer.write(`${first ? '' : ','}\n    ${JSON.stringify(jsonRow(row, rowSecretValues))}`);
      first = false;
    }
    await writer.write(`${first ? '' : '\n  '}]\n}\n`);
  });
}
