/**
 * Blocks of cells on the clipboard as Excel and Google Sheets put them: rows on lines, cells
 * separated by tabs, a cell holding a tab, a line break or a quote written in double quotes.
 */

/** Parses tab-separated text into rows of cells; a last empty line (Excel adds one) is dropped. */
export function parseBlock(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  let atStart = true;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && atStart) {
      quoted = true;
      atStart = false;
      i++;
      continue;
    }
    atStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atStart = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atStart = true;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Writes rows of cells as tab-separated text, quoting what would break the block. */
export function formatBlock(rows: readonly (readonly string[])[]): string {
  const quote = (c: string): string => (/[\t\r\n"]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  return rows.map((r) => r.map(quote).join('\t')).join('\r\n');
}
