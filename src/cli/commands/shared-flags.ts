/** Flags shared by validate-like commands (plan, run). */
import { extname } from 'node:path';
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

export const VALIDATE_FLAGS: Record<string, FlagSpec> = {
  sheet: { type: 'string', help: 'only this sheet of a workbook' },
  kind: { type: 'string', help: `sheet kind of a CSV: ${SHEET_KINDS.join(', ')}` },
  ...MAX_INPUT_FLAG,
};

/** The report path must end in a format the writers know. */
export function checkReportPath(report: string | undefined): string | undefined {
  if (report === undefined) return undefined;
  return ['.json', '.csv', '.xlsx'].includes(extname(report).toLowerCase())
    ? undefined
    : '--report must end in .json, .csv or .xlsx';
}

export function validateFlags(args: ParsedArgs): {
  options: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
  error?: string;
} {
  const kind = stringFlag(args, 'kind');
  const sheet = stringFlag(args, 'sheet');
  if (kind !== undefined && !SHEET_KINDS.includes(kind as SheetKind))
    return { options: {}, error: `--kind must be one of ${SHEET_KINDS.join(', ')}` };
  const { maxInputMb, error } = maxInputFlag(args);
  if (error !== undefined) return { options: {}, error };
  return {
    options: {
      ...(kind !== undefined && { kind: kind as SheetKind }),
      ...(sheet !== undefined && { sheet }),
      ...(maxInputMb !== undefined && { maxInputMb }),
    },
  };
}
