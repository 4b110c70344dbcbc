/**
 * The text Excel shows for a cell, from the value exceljs reads and the cell's number format.
 * Numbers are never re-formatted beyond what the format says: an integer keeps every digit, a
 * `00000` format keeps its leading zeros, `0.00E+00` shows as Excel shows it (so validation can
 * warn about it), dates become ISO text (Unix seconds only where a field wants a timestamp).
 */
import type { CellType } from '../model.ts';

export interface CellText {
  text: string;
  type: CellType;
}

/** Converts one exceljs cell value (and its numFmt) to display text and a type hint. */
export function cellText(value: unknown, numFmt: string | undefined): CellText {
  // Plain strings are most cells of a PBX sheet: no object per cell for them (reader's hot path).
  if (typeof value === 'string') return { text: value, type: 'string' };
  return cellTextSlow(value, numFmt);
}

/**
 * Appends one cell's text and type to a row's arrays without an object per cell (the streaming
 * reader calls this for every cell of every row).
 */
export function pushCellText(
  cells: string[],
  types: CellType[],
  value: unknown,
  numFmt: string | undefined,
  date1904 = false,
): void {
  if (typeof value === 'string') {
    cells.push(value);
    types.push('string');
    return;
  }
  const { text, type } = cellTextSlow(value, numFmt, date1904);
  cells.push(text);
  types.push(type);
}

function cellTextSlow(value: unknown, numFmt: string | undefined, date1904 = false): CellText {
  if (value === null || value === undefined) return { text: '', type: 'empty' };
  if (typeof value === 'string') return { text: value, type: 'string' };
  if (typeof value === 'number') return { text: formatNumber(value, numFmt), type: 'number' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', type: 'boolean' };
  if (value instanceof Date) return { text: formatDate(value, numFmt), type: 'date' };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      // A formula's cached date is a plain serial number to exceljs: shown as the date it is.
      const cached = v['result'];
      if (typeof cached === 'number' && isDateFormat(numFmt)) {
        return { text: formatDate(serialDate(cached, date1904), numFmt), type: 'date' };
      }
      const result = cellText(cached, numFmt);
      return { text: result.text, type: result.type === 'empty' ? 'formula' : result.type };
    }
    if (Array.isArray(v['richText'])) {
      const parts = v['richText'] as Array<{ text?: unknown }>;
      const text = parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
      return { text, type: 'string' };
    }
    if ('error' in v) return { text: String(v['error']), type: 'error' };
    if ('text' in v) return cellText(v['text'], numFmt);
  }
  return { text: String(value), type: 'string' };
}

/**
 * A number format's literal text before the number, and the rest: literal text is quoted text, a
 * character after `\\`, and the characters Excel shows as they are (`+0` and `"+"0` show +12025550101).
 */
const LITERALS = /^((?:"[^"]*"|\\.|[$\-+/():!^&'~{}<>= ])*)(.*)$/;

/** The text of a run of format literals. */
function literalText(run: string): string {
  return run.replace(/"([^"]*)"|\\(.)/g, (_m, quoted?: string, escaped?: string) => quoted ?? escaped ?? '');
}

/** Excel's number display for the formats PBX sheets use; anything else shows all digits. */
export function formatNumber(value: number, numFmt: string | undefined): string {
  const section = (numFmt ?? 'General').split(';')[0]?.replace(/\[[^\]]*\]/g, '') ?? 'General';
  const [, before = '', core = section] = LITERALS.exec(section) ?? [];
  // A '+' or '00' the format puts before a phone number (`+0`, `"+"0`, `"00"0`) is part of the
  // number as the user sees and dials it. Other text around a number (a unit, a currency) is not
  // part of the value: `0" min"` shows "300 min", and 300 is read.
  const prefix = literalText(before);
  if (value >= 0 && prefix !== '' && /^\+?\d*$/.test(prefix) && core !== '' && !/["\\]/.test(core)) {
    return `${prefix}${formatCore(value, core.replace(/"[^"]*"|\\./g, ''))}`;
  }
  return formatCore(value, section.replace(/"[^"]*"|\\./g, ''));
}

function formatCore(value: number, fmt: string): string {
  const sci = /^0(?:\.(0+))?E\+0+$/i.exec(fmt);
  if (sci) return toExcelExponential(value, sci[1]?.length ?? 0);
  if (/%$/.test(fmt)) {
    const decimals = /\.(0+)%$/.exec(fmt)?.[1]?.length ?? 0;
    return `${(value * 100).toFixed(decimals)}%`;
  }
  const fixed = /^(0+)(?:\.(0+))?$/.exec(fmt);
  if (fixed) {
    const intDigits = fixed[1]?.length ?? 1;
    const decimals = fixed[2]?.length ?? 0;
    const [int = '0', frac] = Math.abs(value).toFixed(decimals).split('.');
    const sign = value < 0 ? '-' : '';
    return sign + int.padStart(intDigits, '0') + (frac ? `.${frac}` : '');
  }
  const grouped = /^#,##0(?:\.(0+))?$/.exec(fmt);
  if (grouped) return value.toFixed(grouped[1]?.length ?? 0);
  return generalNumber(value);
}

/** General format, lossless: integers with every digit, fractions at Excel's 15 significant digits. */
export function generalNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) {
    // String() writes every digit of an integer below 1e21 (no exponent), the same text as
    // toLocaleString('en-US', { useGrouping: false }) at a thousandth of its cost (~20 µs a call);
    // only -0 differs, so it keeps the '-0' toLocaleString gave.
    return Object.is(value, -0) ? '-0' : String(value);
  }
  return String(Number(value.toPrecision(15)));
}

function toExcelExponential(value: number, decimals: number): string {
  const [mantissa = '0', exponent = '0'] = value.toExponential(decimals).split('e');
  const exp = Number(exponent);
  return `${mantissa}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`.toUpperCase();
}

/** Whether a number format shows a date or time (letters d, m, y, h or s outside quotes and brackets). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined) return false;
  const bare = numFmt.split(';')[0]?.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '') ?? '';
  return /[dmyhs]/i.test(bare);
}

/** An Excel serial date as an instant: days since 1899-12-30, or since 1904-01-01 in a 1904 workbook. */
export function serialDate(serial: number, date1904: boolean): Date {
  const days = serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(days * 86_400_000));
}

/** ISO date (and time when the format shows one); exceljs gives dates as UTC instants. */
export function formatDate(date: Date, numFmt: string | undefined): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const day = iso.slice(0, 10);
  const fmt = (numFmt ?? '').toLowerCase();
  const hasTime = /h|s|am\/pm/.test(fmt.replace(/"[^"]*"/g, ''));
  if (!hasTime) return day;
  const seconds = iso.slice(17, 19);
  const time = `${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
  // A time format without a day or year (h:mm AM/PM) shows the time alone: its serial is below 1,
  // whose "day" is Excel's day 0 (1899-12-30, or 1904-01-01 in a 1904 workbook), which is no date.
  return /[dy]/.test(fmt.replace(/"[^"]*"/g, '')) ? `${day} ${time}` : time;
}
