/** Checks shared by the CSV and XLSX readers: blank rows, header sanity, Excel's cell size limit. */
import { InputError } from '../model.ts';

/** Excel cannot hold more than 32,767 characters in a cell; a longer one is not a real value. */
export const MAX_CELL_CHARS = 32_767;

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Returns why a header row cannot be used (duplicates, blanks between names), or undefined. */
export function headerProblems(headers: readonly string[]): string | undefined {
  const seen = new Map<string, number>();
  const lastNamed = findLastIndex(headers, (h) => h.trim() !== '');
  // A table may start in column B or later (SheetJS origin, a margin column): blanks before the
  // first name are not a problem, blanks between names are.
  const firstNamed = headers.findIndex((h) => h.trim() !== '');
  for (let i = Math.max(firstNamed, 0); i <= lastNamed; i++) {
    const header = (headers[i] ?? '').trim();
    if (header === '') {
      return `The header row has an empty column name in column ${columnLetter(i)}; name it or delete the column.`;
    }
    const key = header.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      return `The header '${header}' appears twice (columns ${columnLetter(first)} and ${columnLetter(i)}); rename or remove one.`;
    }
    seen.set(key, i);
  }
  return undefined;
}

export function checkCellLength(
  file: string,
  sheet: string,
  row: number,
  cells: readonly string[],
  headers: readonly string[],
): void {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] ?? '';
    if (cell.length > MAX_CELL_CHARS) {
      const column = headers[i] ?? columnLetter(i);
      throw new InputError(
        `The cell in column '${column}' has ${cell.length.toLocaleString('en-US')} characters, over Excel's limit of 32,767; this is not a PBX sheet value (check the delimiter or quoting).`,
        file,
        { sheet, row, column },
      );
    }
  }
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return i;
  }
  return -1;
}
