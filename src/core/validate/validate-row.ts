/**
 * One row: cells → typed values (coerce.ts) → the kind's JSON schema (ajv) → the rules a schema
 * cannot say alone (references by ID or name, firmware gates, shape checks where the vendor's value
 * list is unknown). Problems are returned as data on the RowRecord, never thrown.
 */
import type { ErrorObject } from 'ajv';
import type { RowMessage, SheetKind } from '../../shared/types.ts';
import type { ColumnMapping } from '../map/map-headers.ts';
import type { CellType, FieldValue, RowRecord } from '../model.ts';
import { FIRMWARE_GATES, compareVersions } from '../../api/firmware.ts';
import { CATALOGUES } from '../schema/catalogue.ts';
import { KAZOO_FIELDS, THREECX_FIELDS } from '../schema/fields-other.ts';
import { parseSipHeaders } from '../schema/sip-headers.ts';
import { SECRET_MASK, scrubText, unescapeCell } from '../util/cell-safety.ts';
import { EXAMPLE_MARKERS } from '../schema/example-markers.ts';
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
  const { kind, cells, types } = input;
  const plan = rowPlan(kind, input.columns);
  const messages: RowMessage[] = [];
  let failed: Set<string> | undefined;
  let filled = false;
  const planned = plan.columns;
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
  RULES[kind](record);
  checkExampleRow(record);
  if (messages.length > 0) scrubRowSecrets(input, messages);
  return record;
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
 * The blank template's example row, left in above or below the real rows: refused, so a run never
 * creates the example's PBX (or binds DIDs to it, or saves a profile with the placeholder key).
 */
function checkExampleRow(r: RowRecord): void {
  const path = r.kind === 'pbx' ? 'subDomain' : r.kind === 'myreports' ? 'apiKey' : 'pbx.subDomain';
  const v = r.kind === 'myreports' ? r.fields[path] : value(r, path);
  if (typeof v !== 'string') return;
  const example = r.kind === 'myreports' ? EXAMPLE_MARKERS.apiKey : EXAMPLE_MARKERS.subDomain;
  if (r.kind === 'myreports' ? v !== example : v.toLowerCase() !== example) return;
  const what =
    r.kind === 'myreports'
      ? "the placeholder API key of the template's example row"
      : `'${example}', the subdomain of the template's example PBX`;
  add(
    r,
    path,
    'error',
    `This is ${what}: delete the example row, or replace its values with your customer's.`,
  );
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

const has = (r: RowRecord, path: string): boolean => r.fields[path] !== undefined;
const value = (r: RowRecord, path: string): FieldValue | undefined => r.values[path];

function add(r: RowRecord, path: string, level: RowMessage['level'], message: string): void {
  r.messages.push({ column: columnName(r.kind, path, r.headers), level, message });
}

/** "Give one of these columns" (reference by ID or by name). */
function checkGroups(r: RowRecord, failed: ReadonlySet<string>): void {
  // A DID row that removes every binding names its PBX only (didRules checks it names nothing else).
  const removeAll = r.kind === 'did' && value(r, 'mode') === 'remove-all';
  for (const group of CATALOGUES[r.kind].groups) {
    if (!group.required || group.paths.some((p) => has(r, p) || failed.has(p))) continue;
    if (removeAll && group.label !== 'target PBX') continue;
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

// A sheet names a handful of firmware versions over thousands of rows: compare each pair once.
const OLDER = new Map<string, Map<string, boolean>>();
const MAX_REMEMBERED_FIRMWARES = 256;
function olderThan(firmware: string, min: string): boolean {
  let byMin = OLDER.get(min);
  if (!byMin) OLDER.set(min, (byMin = new Map()));
  let older = byMin.get(firmware);
  if (older === undefined) {
    older = compareVersions(firmware, min) < 0;
    if (byMin.size < MAX_REMEMBERED_FIRMWARES) byMin.set(firmware, older);
  }
  return older;
}

function firmwareGate(r: RowRecord, path: string, feature: keyof typeof FIRMWARE_GATES): void {
  const min = FIRMWARE_GATES[feature];
  const firmware = value(r, 'firmware');
  // A warning, not an error, offline (issue 2: firmware-gated fields are flagged as warnings
  // until plan time): FACTS 1.8.A says these fields take effect from a firmware on, not that
  // the API refuses them before it; plan decides with the firmware the account really has.
  if (typeof firmware === 'string' && olderThan(firmware, min)) {
    add(
      r,
      path,
      'warning',
      `Needs PBX firmware ${min} or later; this row's firmware is ${firmware}, where it does not take effect. Choose newer firmware, or ${REQUIRED_PBX_PATHS.has(path) ? "set it to 'Disabled'" : 'leave it empty'}.`,
    );
  } else if (typeof firmware !== 'string') {
    add(
      r,
      path,
      'warning',
      `Needs PBX firmware ${min} or later; checked against the firmware ID at plan time.`,
    );
  }
}

const GATED_PBX_FIELDS = CATALOGUES.pbx.fields.filter((f) => f.firmware);
const REQUIRED_PBX_PATHS = new Set(CATALOGUES.pbx.fields.filter((f) => f.required).map((f) => f.path));

function pbxRules(r: RowRecord): void {
  for (const field of GATED_PBX_FIELDS) {
    if (!field.firmware || !has(r, field.path)) continue;
    const v = value(r, field.path);
    if (v === 'Disabled' || v === false || v === 0) continue; // off is accepted by every firmware
    firmwareGate(r, field.path, field.firmware);
  }
  const didPath = has(r, 'dids') ? 'dids' : has(r, 'didIds') ? 'didIds' : undefined;
  if (didPath) {
    firmwareGate(r, didPath, 'didBinding');
    if (!has(r, 'trunk') && !has(r, 'trunkId'))
      add(r, didPath, 'error', "DIDs need their trunk: fill 'Trunk' or 'Trunk ID'.");
  } else if (has(r, 'trunk') || has(r, 'trunkId')) {
    // Create sends a trunk only with its DIDs (trunkDidRelations, FACTS 1.8.A): alone it is dropped.
    add(
      r,
      has(r, 'trunk') ? 'trunk' : 'trunkId',
      'warning',
      'A trunk without DIDs is not sent: a PBX gets a shared trunk through the DIDs bound to it. Add the DIDs, or clear the trunk.',
    );
  }
  if (
    (has(r, 'provisionTemplateId') || has(r, 'provisionTemplate')) &&
    value(r, 'provisioningViaTemplate') !== 'Enabled'
  ) {
    add(
      r,
      has(r, 'provisionTemplate') ? 'provisionTemplate' : 'provisionTemplateId',
      'warning',
      `Has no effect unless '${columnName(r.kind, 'provisioningViaTemplate', r.headers)}' is Enabled.`,
    );
  }
  const admin = 'cloudPbxInitialConfigRequest.administratorSettings.';
  if (
    value(r, `${admin}enableEventNotify`) === 'Enabled' &&
    !has(r, `${admin}enableEmailNotify`) &&
    !has(r, `${admin}enableMobileNotify`)
  ) {
    add(
      r,
      `${admin}enableEmailNotify`,
      'error',
      'With event notification Enabled, set email notification or mobile notification.',
    );
  }
  if (
    value(r, 'allowSuperiorPasswordlessLogin') === 'Enabled' &&
    value(r, 'passwordlessLogin') === 'Disabled'
  ) {
    add(
      r,
      'allowSuperiorPasswordlessLogin',
      'warning',
      'Has no effect while passwordless login is Disabled.',
    );
  }
  if (value(r, 'recordingStatus') === 'Enabled' && value(r, 'recordingCapacity') === 0) {
    add(
      r,
      'recordingCapacity',
      'warning',
      'Recording is Enabled but 0 minutes disables it; give the minutes.',
    );
  }
  checkExpiration(r);
  const tz = value(r, 'cloudPbxInitialConfigRequest.dateAndTimeSettings.timeZone');
  if (typeof tz === 'string' && !/^UTC[+-]?\d{0,2}(:\d{2})? \S+/.test(tz)) {
    add(
      r,
      'cloudPbxInitialConfigRequest.dateAndTimeSettings.timeZone',
      'warning',
      `'${tz}' does not look like YCM's time zones ("UTC+8 Asia/Shanghai"); the list is not published, so it is not rejected.`,
    );
  }
  const lang = value(r, 'cloudPbxInitialConfigRequest.localization.emailLanguage');
  if (typeof lang === 'string' && !/^[a-z]{2}([-_][A-Za-z]{2,4})?$/.test(lang)) {
    add(
      r,
      'cloudPbxInitialConfigRequest.localization.emailLanguage',
      'warning',
      `'${lang}' does not look like a language code such as en; the list is not published, so it is not rejected.`,
    );
  }
}

/** 2000-01-01: no Cloud PBX expires before it; an earlier date is a misread one (an Excel serial, a year). */
const EARLIEST_EXPIRATION = 946_684_800;

/**
 * The expiration date is not bounded by the API (FACTS 1.8.A), but one before 2000 is a value read
 * wrong, and one already past would expire the PBX as it is created.
 */
function checkExpiration(r: RowRecord): void {
  const at = value(r, 'expirationDate');
  if (typeof at !== 'number') return;
  const day = new Date(at * 1000).toISOString().slice(0, 10);
  if (at < EARLIEST_EXPIRATION) {
    add(
      r,
      'expirationDate',
      'error',
      `${day} cannot be meant: check the cell's date (a 1904-based workbook, or a number that is not a date?) and write it as 2027-12-31.`,
    );
  } else if (at * 1000 < Date.now()) {
    add(
      r,
      'expirationDate',
      'warning',
      `${day} is already past: the PBX would expire as soon as it is created.`,
    );
  }
}

const RESIZE_FIELDS = [
  'extensionCapacity',
  'concurrentCallCapacity',
  'recordingStatus',
  'recordingCapacity',
  'transcriptionCapacity',
];
const ORDER_FIELDS = [
  'addExtensions',
  'addRecordingMinutes',
  'billingCycle',
  'billingContactId',
  'poNumber',
  'connectionPlanId',
  'extensionServiceId',
  'recordingServiceId',
];

function didRules(r: RowRecord): void {
  const headers = value(r, 'customSipHeadersBindings');
  if (typeof headers === 'string') {
    const parsed = parseSipHeaders(headers);
    if ('error' in parsed) add(r, 'customSipHeadersBindings', 'error', parsed.error);
  }
  if (value(r, 'mode') !== 'remove-all') return;
  const given = ['dids', 'didIds', 'trunk', 'trunkId'].find((p) => has(r, p));
  if (given) {
    add(
      r,
      given,
      'error',
      "Mode 'remove-all' unbinds every DID of the PBX and takes no trunk or DIDs: clear them, or use 'remove' to unbind only these.",
    );
    return;
  }
  add(r, 'mode', 'warning', 'Removes every DID binding of this PBX: its DIDs stop reaching it.');
}

function expansionRules(r: RowRecord): void {
  const method = value(r, 'method') ?? 'order';
  const [own, other] =
    method === 'resize'
      ? [RESIZE_FIELDS, ORDER_FIELDS]
      : [['addExtensions', 'addRecordingMinutes'], RESIZE_FIELDS];
  if (!own.some((p) => has(r, p))) {
    const names = own.map((p) => `'${columnName(r.kind, p, r.headers)}'`).join(' or ');
    add(
      r,
      own[0] ?? 'method',
      'error',
      `Nothing to ${method === 'resize' ? 'resize' : 'order'}: fill ${names}.`,
    );
  }
  for (const p of other)
    if (has(r, p)) add(r, p, 'warning', `Ignored: this row's method is '${String(method)}'.`);
  if (method !== 'resize' && !has(r, 'billingCycle'))
    add(
      r,
      'billingCycle',
      'error',
      "An order sends the PBX's billing cycle, which an expansion cannot change (seeds/003) and this tool never guesses: fill it with monthly or annually, as the PBX is billed.",
    );
}

function myreportsRules(r: RowRecord): void {
  const type = value(r, '_type');
  const foreign =
    type === 'KazooPbxConnectionProfile'
      ? THREECX_FIELDS
      : type === 'ThreeCxConnectionProfile'
        ? KAZOO_FIELDS
        : [];
  for (const p of foreign) {
    if (!has(r, p)) continue;
    // Not sent for this profile type, so its value cannot make the row invalid either.
    const column = columnName(r.kind, p, r.headers);
    r.messages = r.messages.filter((m) => m.column !== column || m.level !== 'error');
    add(r, p, 'warning', `Ignored for a ${String(type)}.`);
  }
  if (type !== 'KazooPbxConnectionProfile') return;
  for (const [path, plain, secure] of [
    ['hostRest', 'http://', 'https://'],
    ['hostWebsocket', 'ws://', 'wss://'],
  ] as const) {
    const url = value(r, path);
    if (typeof url === 'string' && url.toLowerCase().startsWith(plain))
      add(
        r,
        path,
        'warning',
        `${plain} is unencrypted: MyReports would reach this Kazoo server, and send its API key, in clear. Use ${secure} if the server has it.`,
      );
  }
}

const RULES: Record<SheetKind, (r: RowRecord) => void> = {
  pbx: pbxRules,
  did: didRules,
  expansion: expansionRules,
  myreports: myreportsRules,
};
