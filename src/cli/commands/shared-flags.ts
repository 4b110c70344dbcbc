/** Flags shared by validate-like commands (plan, run). */
import { extname } from 'node:path';
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import type { ValidateOptions } from '../../core/validate/validate-file.ts';
import { stringFlag, type FlagSpec, type ParsedArgs } from '../args.ts';

export const VALIDATE_FLAGS: Record<string, FlagSpec> = {
  sheet: { type: 'string', help: 'only this sheet of a workbook' },
  kind: { type: 'string', help: `sheet kind of a CSV: ${SHEET_KINDS.join(', ')}` },
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
  return {
    options: {
      ...(kind !== undefined && { kind: kind as SheetKind }),
      ...(sheet !== undefined && { sheet }),
    },
  };
}
