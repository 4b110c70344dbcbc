/**
 * When a sheet cannot be opened because of its header row (a caption above the headers, names
 * with gaps), the Open screen offers to read it again from the row the user says holds them.
 */
import { useState } from 'react';
import type { FileRef } from '../../../src/shared/bridge.ts';

export interface FailedOpen {
  ref: FileRef;
  sheet: string;
  row: number;
}

/**
 * The sheet and row an open error names ("customers.xlsx (sheet 'PBX', row 1): ..."); a CSV's one
 * sheet (named after the file) when the error names none. Null for a workbook error naming no sheet.
 */
export function sheetOfError(ref: FileRef, e: unknown): FailedOpen | null {
  const message = e instanceof Error ? e.message : String(e);
  const m = /\(sheet '([^']+)'(?:, row (\d+))?/.exec(message);
  if (m?.[1]) return { ref, sheet: m[1], row: Number(m[2] ?? 1) };
  return /\.(csv|tsv|txt)$/i.test(ref.name) ? { ref, sheet: ref.name, row: 1 } : null;
}

export function HeaderRowRetry(p: { failed: FailedOpen; retry: (row: number) => void }): React.JSX.Element {
  const [row, setRow] = useState(String(p.failed.row + 1));
  const n = Number(row);
  return (
    <form
      className="header-row"
      aria-label="Open again from another header row"
      onSubmit={(e) => {
        e.preventDefault();
        if (Number.isInteger(n) && n >= 1) p.retry(n);
      }}
    >
      <label>
        Headers of sheet '{p.failed.sheet}' are on row{' '}
        <input type="number" min={1} value={row} onChange={(e) => setRow(e.target.value)} />
      </label>
      <button type="submit" disabled={!Number.isInteger(n) || n < 1}>
        Open again from this row
      </button>
      <span className="muted">The rows above it are skipped.</span>
    </form>
  );
}
