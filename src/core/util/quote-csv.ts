/** CSV quoting shared by the report writer and the CSV templates. */

/** Quotes a CSV field when it holds a quote, a delimiter (`,` or `;`), a line break or edge spaces. */
export function quoteCsv(text: string): string {
  if (/[",;\r\n]/.test(text) || /^\s|\s$/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}
