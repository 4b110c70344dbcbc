/** Flags shared by validate-like commands (plan, run). */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { savedMappingProblem, type SavedMapping } from '../../core/validate/saved-mapping.ts';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import type { ValidateOptions } from '../../core/validate/validate-file.ts';
import { stringFlag, type FlagSpec, type ParsedArgs } from '../args.ts';
import { DEFAULT_MAX_INPUT_MB, parseMaxInputMb } from '../../core/read/limits.ts';

/** `--max-input-mb`: raises the reading budgets (src/core/read/limits.ts). */
export const MAX_INPUT_FLAG: Record<string, FlagSpec> = {
  'max-input-mb': {
    type: 'string',
    help: `reading budget: MB of XML one workbook part may inflate to (default ${DEFAULT_MAX_INPUT_MB}); the other budgets (shared strings, rows, merged ranges...) grow in proportion`,
  },
};

/** The value of `--max-input-mb`, or the reason it is wrong. */
export function maxInputFlag(args: ParsedArgs): { maxInputMb?: number; error?: string } {
  const text = stringFlag(args, 'max-input-mb');
  if (text === undefined) return {};
  const value = parseMaxInputMb(text);
  return typeof value === 'string' ? { error: value } : { maxInputMb: value };
}

/** How the sheet is read and its messages listed: shared by validate, plan and run. */
export const READING_FLAGS: Record<string, FlagSpec> = {
  'header-row': {
    type: 'string',
    help: 'the row the headers are on (1 = first), when rows above them are not a one-cell title, e.g. a merged group-header row; the rows above are skipped',
  },
  map: {
    type: 'string',
    help: 'a saved mapping, JSON {"Sheet": {"Their header": "Our field label", "Unused": null}} ("*" for any sheet)',
  },
  'show-warnings': { type: 'boolean', help: "list the rows' warnings too, grouped by cause" },
};

export const VALIDATE_FLAGS: Record<string, FlagSpec> = {
  sheet: { type: 'string', help: 'only this sheet of a workbook' },
  kind: { type: 'string', help: `sheet kind of a CSV: ${SHEET_KINDS.join(', ')}` },
  ...READING_FLAGS,
  ...MAX_INPUT_FLAG,
};

/** `--header-row` and `--map`, read and checked; the map file's problem names the file. */
export function readingFlags(
  args: ParsedArgs,
  cwd: string,
): { options: Pick<ValidateOptions, 'headerRow' | 'savedMapping'>; error?: string } {
  const rowText = stringFlag(args, 'header-row');
  const headerRow = rowText === undefined ? undefined : Number(rowText);
  if (headerRow !== undefined && !(Number.isInteger(headerRow) && headerRow >= 1 && headerRow <= 1000))
    return { options: {}, error: '--header-row must be a row number from 1 to 1000' };
  const mapFile = stringFlag(args, 'map');
  let savedMapping: ValidateOptions['savedMapping'];
  if (mapFile !== undefined) {
    const path = resolve(cwd, mapFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code ? 'it cannot be read (does it exist?)' : 'it is not valid JSON';
      return { options: {}, error: `--map ${path}: ${why}` };
    }
    const problem = savedMappingProblem(parsed);
    if (problem) return { options: {}, error: `--map ${path}: ${problem}` };
    savedMapping = { file: path, sheets: parsed as SavedMapping };
  }
  return {
    options: {
      ...(headerRow !== undefined && { headerRow }),
      ...(savedMapping !== undefined && { savedMapping }),
    },
  };
}

/** The report path must end in a format the writers know. */
export function checkReportPath(report: string | undefined): string | undefined {
  if (report === undefined) return undefined;
  return ['.json', '.csv', '.xlsx'].includes(extname(report).toLowerCase())
    ? undefined
    : '--report must end in .json, .csv or .xlsx';
}

export function validateFlags(
  args: ParsedArgs,
  cwd: string,
): {
  options: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
  error?: string;
} {
  const kind = stringFlag(args, 'kind');
  const sheet = stringFlag(args, 'sheet');
  if (kind !== undefined && !SHEET_KINDS.includes(kind as SheetKind))
    return { options: {}, error: `--kind must be one of ${SHEET_KINDS.join(', ')}` };
  const { maxInputMb, error } = maxInputFlag(args);
  if (error !== undefined) return { options: {}, error };
  const reading = readingFlags(args, cwd);
  if (reading.error !== undefined) return { options: {}, error: reading.error };
  return {
    options: {
      ...reading.options,
      ...(kind !== undefined && { kind: kind as SheetKind }),
      ...(sheet !== undefined && { sheet }),
      ...(maxInputMb !== undefined && { maxInputMb }),
    },
  };
}
