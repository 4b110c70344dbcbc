/**
 * The grid's fetched rows, kept by page with a bound: scrolling a 100k-row sheet top to bottom
 * would otherwise keep every row (and its cells' strings) alive in the page, and the garbage
 * collector's pauses grow with the heap. The least recently used pages go first; a page evicted
 * is fetched again if the user scrolls back to it.
 */
import type { GridRow } from '../../../src/shared/bridge.ts';

export class RowCache {
  private readonly pages = new Map<number, GridRow[]>();

  /**
   * @param pageSize rows per page (what one getRows call fetches)
   * @param maxPages pages kept; a screen needs one or two, the rest lets a user scroll back
   */
  constructor(
    readonly pageSize: number,
    private readonly maxPages: number,
  ) {}

  /** The row at a position, if its page is loaded. */
  get(pos: number): GridRow | undefined {
    return this.pages.get(Math.floor(pos / this.pageSize))?.[pos % this.pageSize];
  }

  /** Whether a page is loaded; marks it recently used. */
  hasPage(page: number): boolean {
    const rows = this.pages.get(page);
    if (!rows) return false;
    this.pages.delete(page);
    this.pages.set(page, rows);
    return true;
  }

  /**
   * Stores the rows fetched from `start` (a page boundary), evicting the oldest pages but never
   * the page holding `keepPos` (the selected row: the side panel and the editor still show it).
   */
  putPage(start: number, rows: GridRow[], keepPos = -1): void {
    const page = Math.floor(start / this.pageSize);
    const keep = keepPos < 0 ? -1 : Math.floor(keepPos / this.pageSize);
    this.pages.delete(page);
    this.pages.set(page, rows);
    for (const oldest of [...this.pages.keys()]) {
      if (this.pages.size <= this.maxPages) break;
      if (oldest !== keep && oldest !== page) this.pages.delete(oldest);
    }
  }

  /** Replaces one row (after an inline edit) when its page is still loaded. */
  set(pos: number, row: GridRow): void {
    const rows = this.pages.get(Math.floor(pos / this.pageSize));
    if (rows) rows[pos % this.pageSize] = row;
  }

  clear(): void {
    this.pages.clear();
  }
}
