/**
 * What an export of the report holds. An xlsx or JSON report holds every sheet; a CSV holds one:
 * for a workbook of several sheets each sheet is exported on its own (`sheet`), with the user's
 * own columns and the `Result:` columns, as `<file>-report.<sheet>.csv`. (The engine's CSV writer
 * puts the sheets beside the file it is given and only an index of result columns in that file,
 * which is all a download would carry.)
 */
import { basename, extname } from 'node:path';
import type { ExportFormat } from '../shared/bridge.ts';
import type { Report } from '../shared/types.ts';
import type { ReportSource } from '../core/report/report-layout.ts';
import { SessionError } from './session-error.ts';
import { reportSource, type WorkbookState } from './workbook-state.ts';

export interface ExportContent {
  name: string;
  report: Report;
  source: ReportSource;
}

const SAFE = /[^\p{L}\p{N}._ ()-]+/gu;

export function exportContent(state: WorkbookState, format: ExportFormat, sheet?: string): ExportContent {
  const base = `${basename(state.displayName, extname(state.displayName))}-report`;
  const source = reportSource(state);
  const whole = { name: `${base}.${format}`, report: state.report, source };
  if (format !== 'csv' || (sheet === undefined && source.sheets.length < 2)) return whole;
  const names = source.sheets.map((s) => s.name);
  if (sheet === undefined) {
    throw new SessionError(
      `A CSV holds one sheet: export the CSV of each sheet (${names.join(', ')}), or the xlsx report with all of them.`,
    );
  }
  const only = source.sheets.find((s) => s.name === sheet);
  if (!only) throw new SessionError(`The workbook has no sheet '${sheet}'.`);
  const rows = state.report.rows.filter((r) => r.sheet === sheet);
  return {
    name: source.sheets.length < 2 ? whole.name : `${base}.${sheet.replace(SAFE, '_')}.csv`,
    report: { summary: state.report.summary, rows },
    source: { ...source, sheets: [only] },
  };
}
