/**
 * Row messages grouped by cause: the same message on the same sheet and column, however many rows
 * have it ("20 rows: '31/12/2027' is not a date"), in the order the rows come. The summary prints
 * a group as one line naming its first rows; the report still has every row's own message.
 */
import type { MessageLevel, ReportRow } from '../../shared/types.ts';
import { sortReportRows } from './report-layout.ts';

export interface MessageGroup {
  sheet: string;
  column?: string;
  level: MessageLevel;
  message: string;
  code?: string;
  /** The rows with this message, in order. */
  rows: number[];
}

/** The messages of `level` on `rows`, one group per sheet, column, text and vendor code. */
export function groupMessages(rows: readonly ReportRow[], level: MessageLevel): MessageGroup[] {
  const groups = new Map<string, MessageGroup>();
  for (const row of sortReportRows(rows)) {
    for (const m of row.messages) {
      if (m.level !== level) continue;
      const key = JSON.stringify([row.sheet, m.column ?? null, m.message, m.code ?? null]);
      const group = groups.get(key);
      if (group) {
        if (group.rows.at(-1) !== row.row) group.rows.push(row.row);
        continue;
      }
      groups.set(key, {
        sheet: row.sheet,
        level,
        message: m.message,
        rows: [row.row],
        ...(m.column !== undefined && { column: m.column }),
        ...(m.code !== undefined && { code: m.code }),
      });
    }
  }
  return [...groups.values()];
}

/** Rows named in a group's line before "and N more". */
const ROWS_NAMED = 5;

/** Where a group is: `Sheet "PBX" row 5, column "Plan"` or `20 rows, Sheet "PBX" column "Expiry" (rows 4, 5, 6, 7, 9 and 15 more)`. */
export function groupPlace(group: MessageGroup): string {
  const column = group.column === undefined ? '' : `column "${group.column}"`;
  if (group.rows.length === 1) {
    return `Sheet "${group.sheet}" row ${group.rows[0] ?? ''}${column ? `, ${column}` : ''}`;
  }
  const named = group.rows.slice(0, ROWS_NAMED).join(', ');
  const more = group.rows.length - ROWS_NAMED;
  const rows = more > 0 ? `rows ${named} and ${more} more` : `rows ${named}`;
  return `${group.rows.length} rows, Sheet "${group.sheet}"${column ? ` ${column}` : ''} (${rows})`;
}
