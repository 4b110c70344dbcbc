/**
 * The Partner Portal's order list read for one PBX (order-step.ts's repeat guard and adoption):
 * the orders placed recently, by the portal's own clock, that no row of this sheet records.
 */
import { idText, type PpOrder } from '../../../api/index.ts';
import { journalSteps } from '../../run/journal.ts';
import type { StepContext } from '../../engine/step-context.ts';

/** Order list page size while looking for recent orders. */
const PAGE = 50;

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface RecentOrders {
  /** Newest first. */
  orders: RecentOrder[];
  /** The portal's time of the first list reply (its Date header), ms. */
  serverTimeMs: number;
}

export interface RecentOrder {
  orderNo: string;
  orderStatus?: string;
  /** Portal time, ms. */
  createdMs?: number;
  /** Recorded in the journal for a row no longer in the sheet (edited). */
  otherRow?: boolean;
}

/**
 * Orders for `sn` placed since `windowMs` before the portal's time (or since `alsoSince`, when
 * earlier) that no row of this sheet records in the journal. The list is asked in the documented
 * `sort=id` order, but no order is trusted: the pages are read from the newest end the first page
 * suggests, and reading stops early only while every page read is consistently sorted by
 * createTime; otherwise every page is read. Each order's SN comes from Get Order Details
 * (Order_Info in the list documents none), read once per order per run.
 */
export async function recentOrders(
  ctx: StepContext,
  sn: string,
  windowMs: number,
  alsoSince?: number,
): Promise<RecentOrders> {
  const { accounted, otherRows } = journalOrders(ctx);
  const pp = ctx.lookups.pp();
  const read = (pageNo: number) => pp.listOrders({ pageNo, pageSize: PAGE, sort: 'id' });
  const first = await read(1).catch((error: unknown) => {
    throw new Error(`the Partner Portal's order list could not be read (${messageOf(error)})`, {
      cause: error,
    });
  });
  const serverTimeMs = first.serverTimeMs;
  if (serverTimeMs === undefined)
    throw new Error(
      "the Partner Portal's reply has no Date header, so which orders are recent cannot be told",
    );
  const from = Math.min(serverTimeMs - windowMs, alsoSince ?? Number.POSITIVE_INFINITY);
  const pages = Math.max(1, Math.ceil(first.total / PAGE));
  const direction = sortOf(first.results);
  // Read from the newest end: the last page backwards when page 1 runs oldest first, else onwards.
  const rest = Array.from({ length: pages - 1 }, (_, i) => (direction === 'asc' ? pages - i : i + 2));
  const items: PpOrder[] = [...first.results];
  // Stopping early is safe only while every page read from the newest end is older than the one
  // before it (and sorted within): then the pages not read are older still.
  let sorted = direction !== undefined;
  let edge = direction === 'desc' ? edgeOf(first.results) : undefined;
  for (const [n, pageNo] of rest.entries()) {
    if (sorted && edge !== undefined && edge < from) break;
    if (n + 1 >= MAX_PAGES)
      throw new Error(`more than ${MAX_PAGES} pages of orders would have to be read to find the recent ones`);
    const page = await read(pageNo).catch((error: unknown) => {
      throw new Error(`the Partner Portal's order list could not be read (${messageOf(error)})`, {
        cause: error,
      });
    });
    items.push(...page.results);
    if (!within(page.results, direction) || !olderThan(page.results, edge)) sorted = false;
    edge = edgeOf(page.results) ?? edge;
  }
  const orders: RecentOrder[] = [];
  for (const o of items) {
    const createdMs = portalMs(o.createTime);
    if (createdMs !== undefined && createdMs < from) continue;
    const orderNo = idText(o.orderNo) ?? idText(o.id);
    if (!orderNo || accounted.has(orderNo)) continue;
    const details = await ctx.lookups.orderDetails(orderNo);
    if (details.productNo !== sn) continue;
    // The list's status is current; the details were read once this run and may be older.
    const status = typeof o.orderStatus === 'string' ? o.orderStatus : details.orderStatus;
    orders.push({
      orderNo: details.orderNo ?? orderNo,
      ...(status !== undefined && { orderStatus: status }),
      ...(createdMs !== undefined && { createdMs }),
      ...(otherRows.has(orderNo) && { otherRow: true }),
    });
  }
  orders.sort((x, y) => (y.createdMs ?? 0) - (x.createdMs ?? 0));
  return { orders, serverTimeMs };
}

/**
 * Order numbers the journal records for rows of this sheet (accounted for), and those it records
 * for rows no longer in it (an edited row gets a new key: its order still counts against a repeat).
 */
function journalOrders(ctx: StepContext): { accounted: Set<string>; otherRows: Set<string> } {
  const accounted = new Set<string>();
  const otherRows = new Set<string>();
  for (const { key, record } of journalSteps(ctx.journal.state)) {
    const orderNo = record.ids?.orderNo;
    if (!orderNo) continue;
    if (!ctx.rowKeys || ctx.rowKeys.has(key)) accounted.add(orderNo);
    else otherRows.add(orderNo);
  }
  for (const orderNo of accounted) otherRows.delete(orderNo);
  return { accounted, otherRows };
}

type Direction = 'asc' | 'desc';

/** The times on a page, in list order (orders without one left out). */
function timesOf(page: readonly PpOrder[]): number[] {
  return page.map((o) => portalMs(o.createTime)).filter((t): t is number => t !== undefined);
}

/** How a page runs by createTime, when it shows: two different times or more, all one way. */
function sortOf(page: readonly PpOrder[]): Direction | undefined {
  const times = timesOf(page);
  let up = false;
  let down = false;
  for (let i = 1; i < times.length; i++) {
    if ((times[i] ?? 0) > (times[i - 1] ?? 0)) up = true;
    if ((times[i] ?? 0) < (times[i - 1] ?? 0)) down = true;
  }
  if (up && !down) return 'asc';
  if (down && !up) return 'desc';
  return undefined;
}

/** Whether no two neighbours on the page run against `direction`. */
function within(page: readonly PpOrder[], direction: Direction | undefined): boolean {
  const times = timesOf(page);
  for (let i = 1; i < times.length; i++) {
    const step = (times[i] ?? 0) - (times[i - 1] ?? 0);
    if ((direction === 'asc' && step < 0) || (direction === 'desc' && step > 0)) return false;
  }
  return direction !== undefined;
}

/** Whether every order on the page is no newer than `edge` (any page is, with no edge yet). */
function olderThan(page: readonly PpOrder[], edge: number | undefined): boolean {
  return edge === undefined || timesOf(page).every((t) => t <= edge);
}

/** The oldest time on a page, if any order on it has one. */
function edgeOf(page: readonly PpOrder[]): number | undefined {
  let oldest: number | undefined;
  for (const t of timesOf(page)) if (oldest === undefined || t < oldest) oldest = t;
  return oldest;
}

/** At most this many pages of the order list per check (5,000 orders). */
const MAX_PAGES = 100;

/** An Order_Info `createTime` (Long; seconds or milliseconds, not documented) as ms. */
function portalMs(createTime: unknown): number | undefined {
  const n = typeof createTime === 'bigint' ? Number(createTime) : Number(createTime);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? n * 1000 : n;
}
