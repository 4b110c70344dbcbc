/**
 * `validate`: read every sheet, recognise its kind, map its headers, validate each row and the
 * rows against each other, and return the report (PRODUCT.md, Load/Map/Validate). Streams: only
 * a compact log of the rows (and, on request, records and cells) stays in memory while reading.
 */
import { basename } from 'node:path';
import { SHEET_KINDS, SHEET_NAMES } from '../../shared/types.ts';
import type { Report, ReportRow, RowMessage, RowStatus, SheetKind } from '../../shared/types.ts';
import { detectKind, kindByName, mapHeaders, type ColumnMapping } from '../map/map-headers.ts';
import { InputError, type ReadIssue, type RowRecord, type SheetSource, type SourceRow } from '../model.ts';
import { readOptionsOf, readWorkbook } from '../read/read-workbook.ts';
import { columnLetter } from '../util/column-letter.ts';
import { CrossRowChecks } from './cross-row.ts';
import { exportedRowCheck, isExportColumn } from './exported-rows.ts';
import { renamedHeaders, sheetOverrides, type SavedMapping } from './saved-mapping.ts';
import { OriginalSecrets } from './secrets-from.ts';
import { RowLog } from './row-log.ts';
import { scrubRowSecrets, validateRow } from './validate-row.ts';

export interface ValidateOptions {
  sheet?: string;
  kind?: SheetKind;
  encoding?: string;
  delimiter?: string;
  /** The reading budgets' scale (ReadOptions.maxInputMb, `--max-input-mb`). */
  maxInputMb?: number;
  keepRecords?: boolean;
  keepCells?: boolean;
  /** header → field path, or null to ignore the column. */
  mappingOverrides?: Record<string, string | null>;
  /** Sheet name → the row that holds its headers (ReadOptions.headerRows). */
  headerRows?: Readonly<Record<string, number>>;
  /** A saved mapping per sheet (`--map FILE`, saved-mapping.ts); mappingOverrides win over it. */
  savedMapping?: { file: string; sheets: SavedMapping };
  /** The row the headers are on (ReadOptions.headerRow, `--header-row`). */
  headerRow?: number;
  /** The original of a result report: its masked secret cells are filled from it (secrets-from.ts). */
  secretsFrom?: string;
  /**
   * How the original (secretsFrom) was read, when not as the report is: its `--header-row`,
   * encoding and delimiter (a result report has its headers on row 1).
   */
  secretsFromRead?: { headerRow?: number; encoding?: string; delimiter?: string };
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
  /** A CSV's delimiter (SheetSource.delimiter). */
  delimiter?: string;
}

export interface ValidationResult {
  report: Report;
  sheets: SheetInfo[];
  records: RowRecord[];
  cells: Map<string, SourceRow[]>;
}

type FileMessage = RowMessage & { sheet?: string };

const OWN_SHEETS = new Set(['Lists', 'Summary']);
/** "PBX, DID Bindings, Expansions, MyReports": every kind's sheet name, for messages. */
const KIND_NAMES = SHEET_KINDS.map((kind) => SHEET_NAMES[kind]).join(', ');
/** Past this many unknown columns, one line says how many more (a 10,000-column file is not a PBX sheet). */
const MAX_UNKNOWN_LISTED = 20;

/** What validate gathers over the file's sheets. */
interface FileState {
  log: RowLog;
  sheets: SheetInfo[];
  records: RowRecord[];
  cells: Map<string, SourceRow[]>;
  fileMessages: FileMessage[];
  cross: CrossRowChecks;
  skipped: string[];
  /** The original file's secrets, for a result report's masked cells (ValidateOptions.secretsFrom). */
  originals: OriginalSecrets | undefined;
}

/** Validates a file offline. Throws InputError only when the file cannot be used at all. */
export async function validateFile(file: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const readOptions = readOptionsOf(options);
  const state: FileState = {
    log: new RowLog(),
    sheets: [],
    records: [],
    cells: new Map(),
    fileMessages: [],
    cross: new CrossRowChecks(),
    skipped: [],
    originals:
      options.secretsFrom === undefined
        ? undefined
        : await OriginalSecrets.read(
            options.secretsFrom,
            { ...readOptions, ...options.secretsFromRead },
            options.kind,
            options.savedMapping,
          ),
  };
  for await (const source of readWorkbook(file, readOptions)) {
    try {
      await validateSheet(source, file, options, state);
    } catch (error) {
      // A sheet given up on before its rows were read closes its file (or parse worker) now.
      await source.rows[Symbol.asyncIterator]().return?.();
      throw error;
    }
  }
  const { log, sheets, records, cells, fileMessages, skipped } = state;
  if (sheets.length === 0) {
    throw new InputError(
      `No sheet of a known kind (${KIND_NAMES})${skipped.length ? `: found ${skipped.map((s) => `'${s}'`).join(', ')}` : ''}. Name the sheet after its kind, use the template's headers, or pass --kind.`,
      file,
    );
  }
  if (log.count === 0) {
    throw new InputError('The sheet has a header row but no data rows.', file, {
      sheet: sheets[0]?.name ?? '',
    });
  }
  state.cross.finish();
  return { report: buildReport(file, log, sheets, fileMessages), sheets, records, cells };
}

/** One sheet: its kind, its columns, then its rows. */
async function validateSheet(
  source: SheetSource,
  file: string,
  options: ValidateOptions,
  state: FileState,
): Promise<void> {
  const kind = sheetKind(source, file, options);
  if (!kind || source.headers.length === 0) {
    state.skipped.push(source.name);
    for await (const row of source.rows) void row;
    // Our own helper sheets (the templates' value lists, a report's summary) are skipped quietly.
    if (OWN_SHEETS.has(source.name)) return;
    for (const issue of source.issues) state.fileMessages.push(issueMessage(issue));
    state.fileMessages.push({
      sheet: source.name,
      level: 'info',
      message: `Sheet '${source.name}' skipped: ${source.headers.length === 0 ? 'it is empty' : `its name and headers match no sheet kind (${KIND_NAMES})`}.`,
    });
    return;
  }
  const overrides = {
    ...(options.savedMapping && sheetOverrides(options.savedMapping, source.name, kind, file)),
    ...options.mappingOverrides,
  };
  const columns = sheetColumns(source, kind, file, overrides);
  state.sheets.push({
    name: source.name,
    kind,
    headerRow: source.headerRow,
    headers: source.headers,
    columns,
    ...(source.delimiter !== undefined && { delimiter: source.delimiter }),
  });
  // A column mapped to nothing (null) was left out on purpose, and an export's read-only columns
  // are its own: neither is unknown.
  const unknown = columns.filter(
    (c) =>
      !c.field &&
      !c.result &&
      c.header !== '' &&
      !Object.hasOwn(overrides, c.header) &&
      !isExportColumn(kind, c.header),
  );
  for (const column of unknown.slice(0, MAX_UNKNOWN_LISTED)) {
    state.fileMessages.push({
      sheet: source.name,
      column: column.header,
      level: 'warning',
      message: `Column '${column.header}' (${columnLetter(column.index)}) is not a known ${kind} field; it is kept in reports but not sent. Check its spelling against the template.`,
    });
  }
  if (unknown.length > MAX_UNKNOWN_LISTED) {
    state.fileMessages.push({
      sheet: source.name,
      level: 'warning',
      message: `${unknown.length - MAX_UNKNOWN_LISTED} more unknown columns (${unknown.length} in all); is this the right sheet?`,
    });
  }
  await validateRows(source, kind, columns, options, state);
  for (const issue of source.issues) state.fileMessages.push(issueMessage(issue));
}

/** The sheet's kind (--kind, its name, its headers); undefined for a sheet of no kind. */
function sheetKind(source: SheetSource, file: string, options: ValidateOptions): SheetKind | undefined {
  const kindOfName = kindByName(source.name);
  if (options.kind !== undefined && kindOfName !== undefined && kindOfName !== options.kind) {
    // Rows of one kind checked as another would pass or fail for the wrong reasons.
    throw new InputError(
      source.delimiter === undefined
        ? `Sheet '${source.name}' is a ${kindOfName} sheet by its name, but the kind given is ${options.kind}: leave the kind out, or choose the sheet to check (--sheet).`
        : `The file's name says it is a ${kindOfName} sheet, but the kind given is ${options.kind}: leave the kind out, or rename the file.`,
      file,
      { sheet: source.name },
    );
  }
  // Our own helper sheets (a report's Summary, the templates' Lists) stay skipped under --kind,
  // unless their headers make them a sheet of some kind.
  const headers = renamedHeaders(options.savedMapping, source.name, source.headers);
  const own =
    OWN_SHEETS.has(source.name) &&
    options.sheet === undefined &&
    detectKind(source.name, headers) === undefined;
  return own ? undefined : (options.kind ?? detectKind(source.name, headers));
}

/** The sheet's columns mapped to the kind's fields; throws when the headers cannot be right. */
function sheetColumns(
  source: SheetSource,
  kind: SheetKind,
  file: string,
  overrides: Record<string, string | null>,
): ColumnMapping[] {
  const columns = mapHeaders(kind, source.headers, overrides);
  const known = columns.filter((c) => c.field || c.result).length;
  const named = columns.filter((c) => c.header.trim() !== '').length;
  if (known < 2 && named - known >= 2) {
    // Data where the headers should be (their text is not quoted: it may be a password).
    throw new InputError(
      `Almost none of the ${named} headers on row ${source.headerRow} are ${kind} columns: is the header row missing? Put the template's headers above the data (pbx-bulk template --kind ${kind}).`,
      file,
      { sheet: source.name, row: source.headerRow },
    );
  }
  const twice = columns.find((c) => c.sameAs !== undefined);
  if (twice?.sameAs !== undefined) {
    const first = columns[twice.sameAs];
    throw new InputError(
      `Columns '${first?.header ?? ''}' (${columnLetter(twice.sameAs)}) and '${twice.header}' (${columnLetter(twice.index)}) are the same ${kind} field; keep one of them, or map one to another field.`,
      file,
      { sheet: source.name, row: source.headerRow, column: twice.header },
    );
  }
  return columns;
}

/** Validates the sheet's rows one by one as they stream in, against each other too. */
async function validateRows(
  source: SheetSource,
  kind: SheetKind,
  columns: ColumnMapping[],
  options: ValidateOptions,
  state: FileState,
): Promise<void> {
  const { log, records, cross, cells } = state;
  const kept: SourceRow[] = [];
  const sheetIndex = state.sheets.length - 1;
  // A result report fed back in: rows its `Result: status` says succeeded are done (PRODUCT.md, Report).
  const statusColumn = source.headers.findIndex((h) => /^result\s*:\s*status$/i.test(h.trim()));
  // An export's rows record what the account holds (exported-rows.ts): nothing to run.
  const exported = exportedRowCheck(kind, source.headers);
  const { originals } = state;
  for await (const source_row of source.rows) {
    const input = {
      kind,
      sheet: source.name,
      row: source_row.row,
      columns,
      cells: originals
        ? originals.fill(source.name, source.headers, source_row.cells, source_row.row)
        : source_row.cells,
      types: source_row.types,
    };
    const record = validateRow(input);
    // A row the cross-row checks keep pending may get messages when they finish.
    const before = record.messages.length;
    const { pending } = cross.add(record);
    // A duplicate's message quotes the value: masked when it is also the row's password.
    if (record.messages.length > before) scrubRowSecrets(input, record.messages);
    const prior = statusColumn >= 0 ? source_row.cells[statusColumn]?.trim() : undefined;
    const done = prior === 'succeeded' ? true : (exported?.(source_row.cells) ?? false);
    if (prior === 'unknown' || prior === 'pending') {
      // Sent, but never answered, or an order placed and not final: running it again could
      // create or order twice.
      record.messages.push({
        column: source.headers[statusColumn] ?? '',
        level: 'error',
        message: prior === 'unknown' ? UNKNOWN_BEFORE : PENDING_BEFORE,
        reason: prior === 'unknown' ? 'unknown-outcome' : 'order-pending',
      });
    }
    log.add(
      sheetIndex,
      source_row.row,
      record.messages.length > 0 || pending ? record.messages : undefined,
      done,
    );
    if (options.keepRecords) records.push(record);
    if (options.keepCells) kept.push(source_row);
  }
  if (options.keepCells) cells.set(source.name, kept);
}

/** A result report's row whose last run ended `unknown`. */
const UNKNOWN_BEFORE =
  "Its last run ended 'unknown': the request was sent but never answered, so it may have been applied (a PBX created, an order placed and billed). Resume that run with its journal (pbx-bulk resume JOURNAL), which checks before sending again; or check it in YCM or the Partner Portal and, if it was not applied, clear this row's Result columns.";

/** A result report's row whose order was placed and not final when last seen. */
const PENDING_BEFORE =
  "Its order was placed and was still 'pending' in the Partner Portal (see Result: orderNo): it is not placed again. Resume that run with its journal (pbx-bulk resume JOURNAL), which checks the order's status; or, once the Partner Portal shows it succeeded or failed, clear this row's Result columns.";

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
  log: RowLog,
  sheets: readonly SheetInfo[],
  fileMessages: FileMessage[],
): Report {
  const byStatus: Partial<Record<RowStatus, number>> = {};
  let errors = 0;
  let warnings = 0;
  const rows: ReportRow[] = [];
  for (let i = 0; i < log.count; i++) {
    const row = log.reportRow(i, sheets);
    rows.push(row);
    if (log.isDone(i)) {
      // An exported row is skipped (it exists on the account); a row done in an earlier run is
      // succeeded, as its report says and as the next report writes it (not "skipped").
      const skip = log.skipOf(i);
      row.status = skip ? 'skipped' : 'succeeded';
      row.messages = [
        skip ?? {
          level: 'info',
          message: 'Done in an earlier run (Result: status is succeeded); not run again.',
          reason: 'done-before',
        },
      ];
      byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
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
