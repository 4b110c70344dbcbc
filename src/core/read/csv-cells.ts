/**
 * What the CSV reader checks in cells and bytes, and how it words csv-parse's errors: Excel's
 * `="..."` cells, cells that swallowed whole rows, bytes found by offset and their line.
 */
import { open } from 'node:fs/promises';
import { InputError } from '../model.ts';

/** `="0791 123456"`: a formula giving that text, which Excel shows as the text. */
const TEXT_FORMULA = /^="((?:[^"]|"")*)"$/;

/** Replaces each `="..."` cell by its text; how many there were. One comparison for other cells. */
export function unwrapTextFormulas(cells: string[]): number {
  let count = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.charCodeAt(0) !== 61 || cell.charCodeAt(1) !== 34) continue;
    const inner = TEXT_FORMULA.exec(cell)?.[1];
    if (inner === undefined) continue;
    cells[i] = inner.replace(/""/g, '"');
    count++;
  }
  return count;
}

/**
 * The first cell that looks like whole rows merged into it (by a quote opened at its start and
 * closed rows later): a line break, and at least as many delimiters as a row has. -1 if none. Cells
 * shorter than a row's delimiters cannot be one, so most cells cost a length comparison only.
 */
export function mergedRowsCell(cells: readonly string[], headerCount: number, delimiter: string): number {
  const delimiters = Math.max(headerCount - 1, 2);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.length <= delimiters) continue;
    if (cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) continue;
    let count = 0;
    for (
      let at = cell.indexOf(delimiter);
      at >= 0 && count < delimiters;
      at = cell.indexOf(delimiter, at + 1)
    )
      count++;
    if (count >= delimiters) return i;
  }
  return -1;
}

/** Offset of the first of `values` in the file from `start`, or undefined. Native searches only. */
export async function firstByteOf(
  file: string,
  start: number,
  values: readonly number[],
): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let position = start; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) return undefined;
      const bytes = buffer.subarray(0, bytesRead);
      let first = -1;
      for (const value of values) {
        const at = bytes.indexOf(value);
        if (at >= 0 && (first < 0 || at < first)) first = at;
      }
      if (first >= 0) return position + first;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** The 1-based line of a byte offset (counting LF bytes before it); for messages only. */
export async function lineOfByte(file: string, offset: number): Promise<number> {
  let line = 1;
  let position = 0;
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    while (position < offset) {
      const { bytesRead } = await handle.read(
        buffer,
        0,
        Math.min(buffer.length, offset - position),
        position,
      );
      if (bytesRead === 0) break;
      for (let at = buffer.indexOf(10); at >= 0 && at < bytesRead; at = buffer.indexOf(10, at + 1)) line++;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return line;
}

/** csv-parse's error (or a read error) as the reader's message, naming the row. */
export function csvError(file: string, error: unknown, row: number): InputError {
  if ((error as { code?: unknown } | undefined)?.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new InputError(
      `A quote opened in row ${row} is never closed: everything after it, to the end of the file, would be one cell. Fix the quotes in that row (a quote inside a value is written twice: "").`,
      file,
      { row },
    );
  }
  const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error);
  return new InputError(`Cannot read the CSV near row ${row}: ${reason}`, file, { row });
}
