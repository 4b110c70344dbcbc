/**
 * Example rows for the templates and the shipped sample workbook, as each kind gives them
 * (`templateRows`, src/core/kinds/<kind>/samples.ts). The sample has deliberate mistakes to fix.
 */
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { kindModule } from '../kinds/registry.ts';

type Row = Record<string, string>;

/** One example row per kind (the blank templates): valid but for its example marker. */
export const EXAMPLE_ROWS: Readonly<Record<SheetKind, Row[]>> = rowsOf('example');

/** The shipped sample: mostly valid, with mistakes a user fixes in the grid. */
export const SAMPLE_ROWS: Readonly<Record<SheetKind, Row[]>> = rowsOf('sample');

function rowsOf(which: 'example' | 'sample'): Record<SheetKind, Row[]> {
  return Object.fromEntries(
    SHEET_KINDS.map((kind) => [kind, kindModule(kind).templateRows[which].map((row) => ({ ...row }))]),
  ) as Record<SheetKind, Row[]>;
}
