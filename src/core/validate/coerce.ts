/**
 * Cell text → typed value for one field, with the warnings about values Excel already damaged
 * (PRODUCT.md, Load): scientific notation on a DID or ID, a date where a number belongs, a DID
 * stored as a number (its `+` and leading zeros are gone). Nothing is "fixed" silently.
 */
import type { CellType, FieldValue } from '../model.ts';
import type { FieldDef } from '../schema/field.ts';
import { clip } from './messages.ts';

export interface Coerced {
  value?: FieldValue;
  error?: string;
  warnings: string[];
}

const NO_WARNINGS: string[] = [];
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]?\d+$/i;
const INTEGER = /^[+-]?\d+$/;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Splits a list cell on commas, semicolons or new lines (PRODUCT.md, Map). */
export function splitList(text: string): string[] {
  // A plain loop: DID cells are on every row of a large sheet, and split/map/filter make 3 arrays.
  const items: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 44;
    if (c === 44 || c === 59 || c === 13 || c === 10) {
      if (i > start) {
        const item = text.slice(start, i).trim();
        if (item !== '') items.push(item);
      }
      start = i + 1;
    }
  }
  return items;
}

/** Coerces `raw` (the cell text) for `field`; `cellType` is the reader's hint (xlsx only). */
export function coerceCell(field: FieldDef, raw: string, cellType?: CellType): Coerced {
  // Only DID/ID columns and timestamps can warn; the others share one empty, never-filled list.
  const warnings: string[] = field.digits || field.type === 'timestamp' ? [] : NO_WARNINGS;
  const text = field.secret ? raw : raw.trim();
  if (field.digits) damageWarnings(field, text, cellType, warnings);
  switch (field.type) {
    case 'string':
      // Text sent as it is: scientific notation on a phone number is never the real number.
      if (field.digits && SCIENTIFIC.test(text)) return { error: warnings[0] ?? text, warnings: [] };
      if (field.secret && text.trim() !== text) {
        // Secrets are sent exactly as typed, so a space pasted at an edge would become part of it.
        return {
          value: text,
          warnings: [
            'This starts or ends with a space, which is sent as part of it. Remove it unless it is meant.',
          ],
        };
      }
      return { value: text, warnings };
    case 'integer':
      return integerValue(text, warnings);
    case 'boolean':
      return booleanValue(text, warnings);
    case 'timestamp':
      return timestampValue(text, cellType, warnings);
    case 'stringList': {
      const items = splitList(text);
      return { value: items, warnings };
    }
    case 'integerList': {
      const items = splitList(text);
      const bad = items.find((item) => !INTEGER.test(item));
      if (bad !== undefined)
        return { error: `'${clip(bad)}' is not a whole-number ID; separate IDs with commas.`, warnings };
      const values = items.map(Number);
      const large = items.find((_, i) => !Number.isSafeInteger(values[i]));
      if (large !== undefined)
        return { error: `ID ${clip(large)} is too large for a number field.`, warnings };
      return { value: values, warnings };
    }
  }
}

function integerValue(text: string, warnings: string[]): Coerced {
  if (INTEGER.test(text)) {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) return { error: `${text} is too large for a number field.`, warnings };
    return { value, warnings };
  }
  if (/^\d{1,3}(,\d{3})+$/.test(text)) {
    return { error: `Write ${text} without thousands separators (${text.replace(/,/g, '')}).`, warnings };
  }
  if (/^[+-]?\d+\.0+$/.test(text)) return { value: Number(text), warnings };
  return { error: `'${clip(text)}' is not a whole number.`, warnings };
}

function booleanValue(text: string, warnings: string[]): Coerced {
  const key = text.toLowerCase();
  if (['true', 'yes', 'y', '1'].includes(key)) return { value: true, warnings };
  if (['false', 'no', 'n', '0'].includes(key)) return { value: false, warnings };
  return { error: `'${clip(text)}' is not TRUE or FALSE.`, warnings };
}

/** API timestamps are Unix seconds (FACTS 1.1). Dates without a zone are read as UTC. */
function timestampValue(text: string, cellType: CellType | undefined, warnings: string[]): Coerced {
  if (/^\d{9,11}$/.test(text)) return { value: Number(text), warnings };
  if (/^\d{4,5}(\.\d+)?$/.test(text)) {
    // An Excel serial date (days since 1899-12-30) that lost its date format.
    const seconds = Math.round((Number(text) - 25569) * 86400);
    warnings.push(
      `${text} was read as an Excel serial date (${new Date(seconds * 1000).toISOString().slice(0, 10)}).`,
    );
    return { value: seconds, warnings };
  }
  const m = ISO_DATE.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
    let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (zone && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.replace(/[^0-9]/g, '');
      ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
    }
    if (!Number.isNaN(ms)) {
      if (!zone && cellType !== 'date')
        warnings.push(`The date ${text} has no time zone; it is read as UTC.`);
      return { value: Math.floor(ms / 1000), warnings };
    }
  }
  return {
    error: `'${clip(text)}' is not a date. Write it as 2027-12-31 (or 2027-12-31 18:00) or as Unix seconds.`,
    warnings,
  };
}

function damageWarnings(
  field: FieldDef,
  text: string,
  cellType: CellType | undefined,
  warnings: string[],
): void {
  if (SCIENTIFIC.test(text)) {
    warnings.push(
      `Excel shows ${text} in scientific notation: the real digits are probably lost. Format the column as Text and type the value again.`,
    );
    return;
  }
  if (cellType === 'date' || /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(text)) {
    warnings.push(
      `Excel turned this value into a date (${text}). Format the column as Text and type the number again.`,
    );
    return;
  }
  if (cellType === 'number' && field.type === 'stringList' && /^\d{10,}$/.test(text)) {
    warnings.push(
      `The DID ${text} is stored as a number, so a leading + or 0 may have been dropped. If it is international, write it as text with its +.`,
    );
  } else if (cellType === 'number' && field.type === 'string') {
    // A phone number or dial code: '00' is 0 as a number, '+44...' loses its +.
    warnings.push(
      `${text} is stored as a number, so a leading + or 0 may have been dropped. Format the column as Text and type it as it should be dialled.`,
    );
  }
}
