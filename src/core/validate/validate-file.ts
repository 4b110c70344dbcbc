/**
 * `validate`: read every sheet, recognise its kind, map its headers, validate each row and the
 * rows against each other, and return the report (PRODUCT.md, Load/Map/Validate). Streams: only
 * the report rows (and, on request, records and cells) stay in memory.
 */
import { basename } from 'node:path';
import type { Report, ReportRow, RowMessage, RowStatus, SheetKind } from '../../shared/types.ts';
import { detectKind, mapHeaders } from '../map/map-headers.ts';
import { InputError, type ReadIssue, type RowRecord, type SourceRow } from '../model.ts';
import { readWorkbook } from '../read/read-workbook.ts';
import { columnLetter } from '../read/row-checks.ts';
import { CrossRowChecks } from './cross-row.ts';
import { validateRow } from './validate-row.ts';

export interface ValidateOptions {
  sheet?: string;
  kind?: SheetKind;
  encoding?: string;
  delimiter?: string;
  keepRecords?: boolean;
  keepCells?: boolean;
  /** header → field path, or null to ignore the column. */
  mappingOverrides?: Record<string, string | null>;
}

export interface ColumnInfo {
  index: number;
  header: string;
  field?: string;
}

export interface SheetInfo {
  name: string;
  kind: SheetKind;
  headerRow: number;
  headers: string[];
  columns: ColumnInfo[];
}

export interface ValidationResult {
  report: Report;
  sheets: SheetInfo[];
  records: RowRecord[];
  cells: Map<string, SourceRow[]>;
}

type FileMessage = RowMessage & { sheet?: string };

const OWN_SHEETS = new Set(['Lists', 'Summary']);
/** Past this many unknown columns, one line says how many more (a 10,000-column file is not a PBX sheet). */
const MAX_UNKNOWN_LISTED = 20;

/** Validates a file offline. Throws InputError only when the file cannot be used at all. */
export async function validateFile(file: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const readOptions = {
    ...(options.sheet !== undefined && { sheet: options.sheet }),
    ...(options.encoding !== undefined && { encoding: options.encoding }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
  };
  const rows: ReportRow[] = [];
  const sheets: SheetInfo[] = [];
  const records: RowRecord[] = [];
  const cells = new Map<string, SourceRow[]>();
  const fileMessages: FileMessage[] = [];
  const cross = new CrossRowChecks();
  const skipped: string[] = [];
  const done = new Set<ReportRow>();

  for await (const source of readWorkbook(file, readOptions)) {
    const kind = options.kind ?? detectKind(source.name, source.headers);
    if (!kind || source.headers.length === 0) {
      skipped.push(source.name);
      for await (const row of source.rows) void row;
      // Our own helper sheets (the templates' value lists, a report's summary) are skipped quietly.
      if (OWN_SHEETS.has(source.name)) continue;
      fileMessages.push({
        sheet: source.name,
        level: 'info',
        message: `Sheet '${source.name}' skipped: ${source.headers.length === 0 ? 'it is empty' : 'its name and headers match no sheet kind (PBX, DID Bindings, Expansions, MyReports)'}.`,
      });
      continue;
    }
    const columns = mapHeaders(kind, source.headers, options.mappingOverrides);
    sheets.push({ name: source.name, kind, headerRow: source.headerRow, headers: source.headers, columns });
    const unknown = columns.filter((c) => !c.field && !c.result && c.header !== '');
    for (const column of unknown.slice(0, MAX_UNKNOWN_LISTED)) {
      fileMessages.push({
        sheet: source.name,
        column: column.header,
        level: 'warning',
        message: `Column '${column.header}' (${columnLetter(column.index)}) is not a known ${kind} field; it is kept in reports but not sent. Check its spelling against the template.`,
      });
    }
    if (unknown.length > MAX_UNKNOWN_LISTED) {
      fileMessages.push({
        sheet: source.name,
        level: 'warning',
        message: `${unknown.length - MAX_UNKNOWN_LISTED} more unknown columns (${unknown.length} in all); is this the right sheet?`,
      });
    }
    const kept: SourceRow[] = [];
    // A result report fed back in: rows its `Result: status` says succeeded are done (PRODUCT.md, Report).
    const statusColumn = source.headers.findIndex((h) => /^result\s*:\s*status$/i.test(h.trim()));
    for await (const source_row of source.rows) {
      const record = validateRow({
        kind,
        sheet: source.name,
        row: source_row.row,
        columns,
        cells: source_row.cells,
        types: source_row.types,
      });
      cross.add(record);
      const reportRow: ReportRow = {
        sheet: source.name,
        row: source_row.row,
        kind,
        status: 'valid',
        messages: record.messages,
      };
      if (statusColumn >= 0 && source_row.cells[statusColumn]?.trim() === 'succeeded') done.add(reportRow);
      rows.push(reportRow);
      if (options.keepRecords) records.push(record);
      if (options.keepCells) kept.push(source_row);
    }
    if (options.keepCells) cells.set(source.name, kept);
    fileMessages.push(...source.issues.map(issueMessage));
  }
  if (sheets.length === 0) {
    throw new InputError(
      `No sheet of a known kind (PBX, DID Bindings, Expansions, MyReports)${skipped.length ? `: found ${skipped.map((s) => `'${s}'`).join(', ')}` : ''}. Name the sheet after its kind, use the template's headers, or pass --kind.`,
      file,
    );
  }
  if (rows.length === 0) {
    throw new InputError('The sheet has a header row but no data rows.', file, {
      sheet: sheets[0]?.name ?? '',
    });
  }
  cross.finish();
  return { report: buildReport(file, rows, fileMessages, done), sheets, records, cells };
}

function issueMessage(issue: ReadIssue): FileMessage {
  const message: FileMessage = {
    level: issue.level,
    message: issue.row ? `Row ${issue.row}: ${issue.message}` : issue.message,
  };
  if (issue.sheet !== undefined) message.sheet = issue.sheet;
  if (issue.column !== undefined) message.column = issue.column;
  return message;
}

function buildReport(
  file: string,
  rows: ReportRow[],
  fileMessages: FileMessage[],
  done: ReadonlySet<ReportRow>,
): Report {
  const byStatus: Partial<Record<RowStatus, number>> = {};
  let errors = 0;
  let warnings = 0;
  for (const row of rows) {
    if (done.has(row)) {
      row.status = 'skipped';
      row.messages.splice(0, row.messages.length, {
        level: 'info',
        message: 'Done in an earlier run (Result: status is succeeded); not run again.',
      });
      byStatus.skipped = (byStatus.skipped ?? 0) + 1;
      continue;
    }
    const rowErrors = row.messages.filter((m) => m.level === 'error').length;
    errors += rowErrors;
    warnings += row.messages.filter((m) => m.level === 'warning').length;
    row.status = rowErrors > 0 ? 'invalid' : 'valid';
    byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  }
  return {
    summary: {
      file: basename(file),
      mode: 'validate',
      total: rows.length,
      byStatus,
      errors,
      warnings,
      fileMessages,
    },
    rows,
  };
}
