/**
 * One row: cells → typed values (coerce.ts) → the kind's JSON schema (ajv) → the rules a schema
 * cannot say alone (references by ID or name, firmware gates, shape checks where the vendor's value
 * list is unknown). Problems are returned as data on the RowRecord, never thrown.
 */
import type { ErrorObject } from 'ajv';
import type { RowMessage, SheetKind } from '../../shared/types.ts';
import type { ColumnMapping } from '../map/map-headers.ts';
import type { CellType, FieldValue, RowRecord } from '../model.ts';
import { kindModule } from '../kinds/registry.ts';
import { SECRET_MASK, scrubText, unescapeCell } from '../util/cell-safety.ts';
import { coerceCell } from './coerce.ts';
import { validatorFor } from './compile.ts';
import { ajvMessage, clip, columnName } from './messages.ts';
import { rowPlan, type PlannedColumn } from './row-plan.ts';

export interface RowInput {
  kind: SheetKind;
  sheet: string;
  row: number;
  columns: readonly ColumnMapping[];
  cells: readonly string[];
  types?: readonly CellType[] | undefined;
}

const NO_FAILURES: ReadonlySet<string> = new Set();

const UNCALCULATED =
  'This cell is a formula that was never calculated (the program that wrote the file stores no results): open the workbook in Excel and save it, or type the value.';

// Scratch slots, one per planned column, reused row after row (validateRow is synchronous).
const rawSlots: Array<string | undefined> = [];
const valueSlots: Array<FieldValue | undefined> = [];

/** Validates one row offline. */
export function validateRow(input: RowInput): RowRecord {
  const { kind } = input;
  const plan = rowPlan(kind, input.columns);
  const messages: RowMessage[] = [];
  const { failed, filled } = readCells(input, plan.columns, messages);
  const record: RowRecord = {
    kind,
    sheet: input.sheet,
    row: input.row,
    fields: filled ? plan.flat(rawSlots) : {},
    values: filled ? plan.flatValues(valueSlots) : {},
    headers: plan.headers,
    messages,
  };
  // The nested object the schema validates, straight from the slots (no second walk over `values`).
  const nested = filled ? plan.nested(valueSlots) : {};
  const validate = validatorFor(kind);
  if (!validate(nested)) {
    for (const error of validate.errors ?? []) {
      // A cell that is filled but could not be read ('1,000') already has its error: not "required".
      if (error.keyword === 'required' && failed?.has(requiredPath(error))) continue;
      const message = ajvMessage(kind, error, record.headers);
      if (message && !isDuplicate(messages, message)) messages.push(message);
    }
  }
  checkGroups(record, failed ?? NO_FAILURES);
  kindModule(kind).rowRules(record);
  if (messages.length > 0) scrubRowSecrets(input, messages);
  return record;
}

/**
 * Reads the row's cells into the scratch slots (raw text, typed value), with a message for each
 * cell that cannot be used; `failed` are the field paths of those cells.
 */
function readCells(
  input: RowInput,
  planned: readonly PlannedColumn[],
  messages: RowMessage[],
): { failed: Set<string> | undefined; filled: boolean } {
  const { cells, types } = input;
  let failed: Set<string> | undefined;
  let filled = false;
  // Cleared before use, so a row that threw half-way cannot leak values into the next one.
  rawSlots.fill(undefined);
  valueSlots.fill(undefined);
  for (let i = 0; i < planned.length; i++) {
    const column = planned[i] as PlannedColumn;
    const cell = cells[column.index];
    if (cell === undefined || cell === '') {
      // Only the xlsx reader gives types: a formula with no stored result reads as empty.
      if (types?.[column.index] === 'formula') {
        (failed ??= new Set()).add(column.path);
        messages.push({ column: column.header, level: 'error', message: UNCALCULATED });
      }
      continue;
    }
    if (types?.[column.index] === 'error') {
      (failed ??= new Set()).add(column.path);
      messages.push({
        column: column.header,
        level: 'error',
        message: `This cell shows Excel's error value ${clip(cell)}, not a value: fix the formula or type the value.`,
      });
      continue;
    }
    // Our own exports neutralise formula-like text with a leading quote; a re-import removes it.
    const raw = cell.charCodeAt(0) === 39 ? unescapeCell(cell) : cell;
    const text = raw.trim();
    if (text === '') continue;
    filled = true;
    rawSlots[i] = raw;
    if ((column.oneLine ? UNWANTED : INVISIBLE).test(text)) {
      (failed ??= new Set()).add(column.path);
      messages.push({ column: column.header, level: 'error', message: controlMessage(input, text) });
      continue;
    }
    if (column.plain) {
      valueSlots[i] = text;
      continue;
    }
    const { field, path } = column;
    if (field.secret && raw === SECRET_MASK) {
      (failed ??= new Set()).add(path);
      messages.push({
        column: column.header,
        level: 'error',
        message: 'This secret was masked when the report was exported; type it again.',
      });
      continue;
    }
    const coerced = coerceCell(field, raw, types?.[column.index]);
    for (const warning of coerced.warnings)
      messages.push({ column: column.header, level: 'warning', message: warning });
    if (coerced.error !== undefined) {
      (failed ??= new Set()).add(path);
      messages.push({ column: column.header, level: 'error', message: coerced.error });
    } else if (coerced.value !== undefined) {
      valueSlots[i] = coerced.value;
    }
  }
  return { failed, filled };
}

/**
 * Masks every value of the row's secret cells that a message quotes: a password pasted into the
 * email column too ("'Sandbox-Pass7x9q' is not a valid email") must not reach stdout or a JSON
 * report, which keep no cells to mask it by.
 */
export function scrubRowSecrets(
  input: Pick<RowInput, 'kind' | 'columns' | 'cells'>,
  messages: RowMessage[],
): void {
  const secretCells = rowPlan(input.kind, input.columns).secretCells;
  if (secretCells.length === 0) return;
  const secrets: string[] = [];
  for (const index of secretCells) {
    const cell = input.cells[index];
    // A message quotes at most 80 characters of a value (clip): a longer secret is masked as quoted.
    if (cell) secrets.push(cell, cell.trim(), clip(cell), clip(cell.trim()));
  }
  if (secrets.length === 0) return;
  for (const m of messages) m.message = scrubText(m.message, secrets);
}

/**
 * Characters that show as nothing and mean nothing in a name, address or password: a zero-width
 * space, a word joiner, a byte-order mark. (Zero-width joiners, in emoji and Persian, and direction
 * marks, in right-to-left names, can be meant.)
 */
const INVISIBLE = /[\u200b\u2060\ufeff]/;
/**
 * For one-line fields (most cells of a sheet), in one test: control characters (tab included; no
 * name, address or password of the APIs holds one) or INVISIBLE ones.
 */
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const UNWANTED = /[\u0000-\u001f\u007f\u200b\u2060\ufeff]/;

/**
 * A control character in a one-line field. A line break is typed in a cell (Alt+Enter) or, in a
 * CSV, is a quote opened in this cell and closed rows later, which merges those rows into this cell
 * (csv-parse reads a quoted value across lines, as the CSV format says); other control characters
 * come from a copy and paste or a broken export.
 */
function controlMessage(input: RowInput, text: string): string {
  const invisible = INVISIBLE.exec(text)?.[0];
  if (invisible !== undefined) {
    const code = invisible.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const name =
      invisible === '\u200b'
        ? 'a zero-width space'
        : invisible === '\ufeff'
          ? 'a byte-order mark'
          : 'a word joiner';
    return `This cell holds ${name} (U+${code}), which cannot be seen but would be sent as part of the value (pasted from elsewhere?). Remove it.`;
  }
  if (!/[\r\n]/.test(text)) {
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    const c = /[\u0000-\u001f\u007f]/.exec(text)?.[0] ?? '';
    const name =
      c === '\t'
        ? 'a tab'
        : `the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `This cell holds ${name}, which this field cannot have (pasted from elsewhere?). Remove it.`;
  }
  const problem = 'This cell holds a line break, which this field cannot have.';
  // Only the xlsx reader gives cell types; a CSV cell with a line break was quoted across lines.
  if (input.types !== undefined) return `${problem} Remove it.`;
  return `${problem} Usually a '"' in this row opens a quoted value that ends rows later: the rows in between are merged into this cell and missing from the results. Fix the quotes in the file, or remove the line break.`;
}

/** The dotted field path an ajv `required` error is about. */
function requiredPath(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').split('/').join('.');
  const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
  return base ? `${base}.${missing}` : missing;
}

function isDuplicate(messages: readonly RowMessage[], m: RowMessage): boolean {
  return messages.some((x) => x.column === m.column && x.message === m.message);
}

/** "Give one of these columns" (reference by ID or by name). */
function checkGroups(r: RowRecord, failed: ReadonlySet<string>): void {
  const kind = kindModule(r.kind);
  for (const group of kind.catalogue.groups) {
    if (!group.required || group.paths.some((p) => r.fields[p] !== undefined || failed.has(p))) continue;
    if (kind.skipsGroup?.(r, group)) continue;
    const names = group.paths.map((p) => `'${columnName(r.kind, p, r.headers)}'`);
    // On a column the sheet has (its report cell is highlighted), else the first of the group.
    const present = group.paths.find((p) => r.headers[p] !== undefined) ?? group.paths[0] ?? '';
    r.messages.push({
      column: columnName(r.kind, present, r.headers),
      level: 'error',
      message: `Missing ${group.label}: fill ${names.length > 2 ? `one of ${names.join(', ')}` : names.join(' or ')}.`,
    });
  }
}
