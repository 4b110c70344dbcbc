/**
 * Paging helpers. YCM lists cap pageSize at 50 (FACTS 1.6); PP pages default to 25 (FACTS 2.3);
 * MyReports uses a 0-based pageIndex (FACTS 3.4.2). The helpers read every page until the total is
 * reached or a short page arrives, with a hard stop so a vendor that ignores paging cannot loop us.
 */

const MAX_PAGES = 10_000;

export interface SomePage<T> {
  list: T[];
  total: number;
}

/** A page size within 1..max (default max). */
export function clampPageSize(size: number | undefined, max: number): number {
  if (size === undefined || !Number.isFinite(size)) return max;
  return Math.min(max, Math.max(1, Math.floor(size)));
}

/** Every item of a 1-based paged list; `fetchPage(n)` returns page n. */
export async function allPages<T>(fetchPage: (pageNumber: number) => Promise<SomePage<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
    const page = await fetchPage(pageNumber);
    items.push(...page.list);
    if (page.list.length === 0 || items.length >= page.total) break;
  }
  return items;
}
