/** validate's compact record of the rows it has read (validate-file.ts). */
import type { ReportRow, RowMessage } from '../../shared/types.ts';
import { larger } from './typed-growth.ts';
import type { SheetInfo } from './validate-file.ts';

/**
 * What validate keeps of each data row while it reads: its sheet, row number, whether an earlier
 * run did it, and its messages only when it has some (or may get some later). The report's row
 * objects are built once, at the end: kept as objects while the file streams in, they were most
 * of what validate held on the JS heap, and V8 lets the heap grow to about four times that.
 */
export class RowLog {
  private sheets = new Int32Array(1024);
  private rows = new Int32Array(1024);
  private done = new Uint8Array(1024);
  /** Why a row is skipped other than done before (an exported row), by log index. */
  private readonly skips = new Map<number, RowMessage>();
  private readonly messages: Array<RowMessage[] | undefined> = [];
  count = 0;

  add(sheet: number, row: number, messages: RowMessage[] | undefined, done: boolean | RowMessage): void {
    if (this.count === this.rows.length) {
      this.sheets = larger(this.sheets);
      this.rows = larger(this.rows);
      this.done = larger(this.done);
    }
    const i = this.count++;
    this.sheets[i] = sheet;
    this.rows[i] = row;
    this.done[i] = done ? 1 : 0;
    if (typeof done === 'object') this.skips.set(i, done);
    this.messages.push(messages);
  }

  /** Row `i` of the report (in reading order), status 'valid' until buildReport sets it. */
  reportRow(i: number, sheets: readonly SheetInfo[]): ReportRow {
    const sheet = sheets[this.sheets[i] ?? -1];
    if (!sheet) throw new Error(`Row ${i} of the log has no sheet.`);
    return {
      sheet: sheet.name,
      row: this.rows[i] ?? 0,
      kind: sheet.kind,
      status: 'valid',
      messages: this.messages[i] ?? [],
    };
  }

  /** Whether row `i` was done in an earlier run (its `Result: status` says succeeded). */
  isDone(i: number): boolean {
    return this.done[i] === 1;
  }

  /** Why row `i` is skipped when it is not for an earlier run (an exported row), if so. */
  skipOf(i: number): RowMessage | undefined {
    return this.skips.get(i);
  }
}
