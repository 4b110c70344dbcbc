/**
 * The contract every benchmark suite follows, so `npm run bench` can gather them all in one run
 * (issue 6, item 5): `validate` (engine vs bare readers) today; `run` and `ui` suites plug in later.
 */

/** One benchmark suite: runs its measurements and returns the table to print. */
export interface Suite {
  /** Short name, also the key of the suite's figures in bench/results/latest.json. */
  name: string;
  /** Runs the suite; resolves to a printable table (with a verdict per target). */
  run(): Promise<string>;
  /** The measured figures as plain JSON, read after `run` resolves. */
  figures?(): unknown;
}

/** Formats rows of cells as a left-aligned text table with a header rule. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
