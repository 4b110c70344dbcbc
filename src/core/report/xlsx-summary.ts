/**
 * The "Summary" worksheet of an XLSX report: what was checked or run, counts by status, and the
 * file-level messages (unknown columns, unreadable sheets) that belong to no row.
 */
import type { Worksheet } from 'exceljs';
import { ROW_STATUSES, type Report } from '../../shared/types.ts';
import { clipCell, safeCell } from '../util/cell-safety.ts';

/** Writes the summary of `report` into `sheet` (a streaming worksheet) and commits it. */
export function writeSummarySheet(sheet: Worksheet, report: Report): void {
  const { summary } = report;
  sheet.columns = [{ width: 22 }, { width: 40 }, { width: 14 }, { width: 80 }];
  const add = (values: Array<string | number>, bold = false): void => {
    const row = sheet.addRow(values.map((v) => (typeof v === 'string' ? clipCell(safeCell(v)) : v)));
    if (bold) row.font = { bold: true };
    row.commit();
  };
  add(['Report', ''], true);
  add(['File', summary.file]);
  add(['Mode', summary.mode]);
  if (summary.target !== undefined) add(['Target', summary.target]);
  add(['Rows', summary.total]);
  for (const status of ROW_STATUSES) {
    const count = summary.byStatus[status];
    if (count !== undefined) add([status, count]);
  }
  add(['Errors', summary.errors]);
  add(['Warnings', summary.warnings]);
  if (summary.fileMessages.length > 0) {
    add([]);
    add(['Sheet', 'Column', 'Level', 'Message'], true);
    for (const message of summary.fileMessages) {
      add([message.sheet ?? '', message.column ?? '', message.level, message.message]);
    }
  }
  sheet.commit();
}
