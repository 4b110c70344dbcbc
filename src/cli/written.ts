/** The "Report written to" lines: every file a report was written to (a CSV report of a workbook is one per sheet). */
import { terminalSafe } from '../core/util/cell-safety.ts';

export function writtenLines(files: readonly string[]): string {
  const [only] = files;
  if (files.length === 0) return '';
  if (files.length === 1 && only !== undefined) return `${terminalSafe(`Report written to ${only}`)}\n`;
  return `Report written to ${files.length} files:\n${files.map((f) => `  ${terminalSafe(f)}\n`).join('')}`;
}
