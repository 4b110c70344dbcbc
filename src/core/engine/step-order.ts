/**
 * Partner Portal `purchase_service` orders (seeds/003): the one billed step, exactly right and
 * exactly once.
 *
 * - The body is seed 003's, built from the ids the plan established (SN, connection plan,
 *   services, billing contact and cycle); ids go out as JSON numbers with every digit.
 * - The outcome is the portal's: only `orderStatus: "succeed"` is success. Another status is
 *   re-checked (Get Order Details) for a bounded time; still not final, the row ends `pending`
 *   with its order number, and a later run or resume checks that order, never orders again.
 * - Before every order the portal itself is asked for orders on the same PBX (SN) placed within
 *   the last `repeatWindowMs` of the portal's own time (the `Date` header of its reply, never this
 *   machine's clock) that no row of this journal accounts for. After an unclear answer or a crash
 *   such an order is adopted; otherwise the row is refused as a probable duplicate (an earlier
 *   run without this journal, a restored or cut journal, a run in parallel) unless the user
 *   passes `--allow-repeat-order`.
 */
import { AmbiguousWriteError, jsonInteger, type PpOrderReply } from '../../api/index.ts';
import type { RowResultIds } from '../../shared/types.ts';
import { PCE_PRODUCT_ID } from './lookups.ts';
import type { ExpansionAction, PlannedRow } from './planned.ts';
import { failure } from './step-pbx.ts';
import {
  UnknownOutcomeError,
  doneBefore,
  interrupted,
  targetPbx,
  withRequestId,
  type StepContext,
} from './step-context.ts';

/** How an order run behaves; every field has a safe default. */
export interface OrderOptions {
  /** Order even when the portal has a recent order for the PBX that the journal does not record. */
  allowRepeat?: boolean;
  /** How far back, in the portal's time, an order counts as a possible repeat (default 7 days). */
  repeatWindowMs?: number;
  /** How long a non-final order status is re-checked before the row ends pending (default 2 min). */
  settleMs?: number;
  /** Between two checks of a non-final order (default 5 s). */
  settleIntervalMs?: number;
}

export const ORDER_DEFAULTS: Required<OrderOptions> = {
  allowRepeat: false,
  repeatWindowMs: 7 * 24 * 3600_000,
  settleMs: 120_000,
  settleIntervalMs: 5_000,
};

/** Final statuses that are not success (FACTS 2.4.10's Order_Info values). */
const FAILED_STATUSES = new Set(['failed', 'invalid', 'cancelled', 'refunded']);
const SUCCEEDED = 'succeed';
/** Order list page size while looking for recent orders. */
const PAGE = 50;
/** The portal's `Date` header has whole seconds, createTime may be rounded: a little slack. */
const ADOPT_SLACK_MS = 60_000;

/** The order was placed once and its status is not final yet: the row is `pending`. */
export class PendingOrderError extends Error {
  override readonly name = 'PendingOrderError';
  constructor(
    message: string,
    readonly ids: RowResultIds,
  ) {
    super(message);
  }
}

/** The portal ended the order in a status that is not success (failed, invalid, cancelled…). */
export class OrderFailedError extends Error {
  override readonly name = 'OrderFailedError';
  constructor(
    message: string,
    readonly ids: RowResultIds,
  ) {
    super(message);
  }
}

/** The portal has a recent order for this PBX that this journal does not account for. */
export class RepeatOrderError extends Error {
  override readonly name = 'RepeatOrderError';
}

interface RecentOrders {
  /** Newest first. */
  orders: RecentOrder[];
  /** The portal's time of the first list reply, ms. */
  serverTimeMs?: number;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

interface RecentOrder {
  orderNo: string;
  orderStatus?: string;
  /** Portal time, ms. */
  createdMs?: number;
}

export async function order(row: PlannedRow, a: ExpansionAction, ctx: StepContext): Promise<RowResultIds> {
  const done = doneBefore(ctx, row.key, 'order');
  if (done) return done;
  const options = { ...ORDER_DEFAULTS, ...ctx.orders };
  const recorded = ctx.journal.step(row.key, 'order');
  // Placed once, not final when last seen: check it, never order again.
  if (recorded?.outcome === 'pending' && recorded.ids?.orderNo)
    return settle(ctx, row.key, recorded.ids, undefined, options);
  const pbx = targetPbx(a.target, ctx);
  const sn = pbx.sn ?? (await ctx.clients.ycm?.getCloudPbx(pbx.cloudPbxId))?.sn;
  if (!sn) throw new Error(`PBX ${pbx.cloudPbxId} has no SN yet; an order needs it (seeds/003).`);
  let recent: RecentOrders;
  try {
    recent = await recentOrders(ctx, sn, options.repeatWindowMs);
  } catch (error) {
    throw new Error(
      `Not ordered: the Partner Portal's order list could not be read (${messageOf(error)}), so it is not known whether this PBX has an order already. Run or resume again to check.`,
      { cause: error },
    );
  }
  if (interrupted(ctx, row.key, 'order')) {
    // An earlier attempt began and has no clear end: an order placed since it began is that one.
    const since = recorded?.portalTimeMs;
    const found = recent.orders.find(
      (o) => since === undefined || o.createdMs === undefined || o.createdMs >= since - ADOPT_SLACK_MS,
    );
    if (found) return adopt(ctx, row.key, sn, found, options);
  } else if (!options.allowRepeat) {
    const other = recent.orders.find((o) => !FAILED_STATUSES.has(o.orderStatus ?? ''));
    if (other) throw new RepeatOrderError(repeatMessage(sn, other));
  }
  const body = orderBody(sn, a);
  ctx.journal.begin(row.key, 'order', {
    ...(recent.serverTimeMs !== undefined && { portalTimeMs: recent.serverTimeMs }),
  });
  let reply: PpOrderReply;
  try {
    reply = await ctx.lookups.pp().saveOrder(body);
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError)) {
      ctx.journal.end(row.key, 'order', 'failed', failure(error));
      throw error;
    }
    ctx.journal.end(row.key, 'order', 'unknown', failure(error));
    const since = recent.serverTimeMs;
    let after: RecentOrders;
    try {
      after = await recentOrders(ctx, sn, options.repeatWindowMs);
    } catch (check) {
      throw new UnknownOutcomeError(
        `The order for SN ${sn} got no clear answer and the order list could not be read (${messageOf(check)}); resume later to check again before any new order.`,
        { cause: check },
      );
    }
    const found = after.orders.find(
      (o) => since === undefined || o.createdMs === undefined || o.createdMs >= since - ADOPT_SLACK_MS,
    );
    if (found) return adopt(ctx, row.key, sn, found, options);
    // Never re-sent here: the order list may lag; a resume checks again before ordering.
    throw new UnknownOutcomeError(
      `The order for SN ${sn} got no clear answer and is not in the order list yet; resume later to check again before any new order.`,
    );
  }
  const ids = withRequestId(
    {
      sn,
      orderNo: reply.orderNo,
      orderStatus: reply.orderStatus,
      ...(reply.transactionNo !== undefined && { transactionNo: reply.transactionNo }),
    },
    reply.requestId,
  );
  return settle(ctx, row.key, ids, reply.orderStatus, options);
}

/** Seed 003's body, from the ids the plan established; ids as JSON integers, never rounded. */
export function orderBody(sn: string, a: ExpansionAction): Record<string, unknown> {
  const order = a.order;
  if (!order) throw new Error('The plan established no order ids for this row.');
  const item = (serviceId: string, quantity: number): Record<string, unknown> => ({
    connectionPlanId: jsonInteger(order.connectionPlanId),
    serviceType: 'service',
    serviceId: jsonInteger(serviceId),
    quantity,
    purchaseType: 'purchase',
    billingModel: 'recurring',
    billingCycle: order.billingCycle,
    multiCycle: 0,
  });
  const serviceList = [
    ...(a.addExtensions && order.extensionServiceId ? [item(order.extensionServiceId, a.addExtensions)] : []),
    ...(a.addRecordingMinutes && order.recordingServiceId
      ? [item(order.recordingServiceId, a.addRecordingMinutes)]
      : []),
  ];
  return {
    operationType: 'purchase_service',
    productId: PCE_PRODUCT_ID,
    productNo: sn,
    billingId: jsonInteger(order.billingId),
    serviceList,
    ...(a.poNumber && { poNumber: a.poNumber }),
  };
}

/**
 * Ends the order's step by its status: `succeed` → succeeded; a failed status → failed; anything
 * else is checked again until `settleMs` has passed, then the row ends pending.
 */
async function settle(
  ctx: StepContext,
  key: string,
  placed: RowResultIds,
  status: string | undefined,
  options: Required<OrderOptions>,
): Promise<RowResultIds> {
  const orderNo = placed.orderNo ?? '';
  const pp = ctx.lookups.pp();
  const deadline = Date.now() + options.settleMs;
  const final = (s: string | undefined): boolean => s === SUCCEEDED || FAILED_STATUSES.has(s ?? '');
  let current = status;
  let readable = true;
  const check = async (): Promise<void> => {
    try {
      current = (await pp.orderDetails(orderNo)).orderStatus ?? current;
    } catch {
      // A failed check leaves the order as last seen: pending, checked again by a later run.
      readable = false;
    }
  };
  if (current === undefined) await check();
  while (readable && !final(current) && Date.now() + options.settleIntervalMs <= deadline) {
    await new Promise((resolve) => setTimeout(resolve, options.settleIntervalMs));
    await check();
  }
  const ids: RowResultIds = { ...placed, ...(current !== undefined && { orderStatus: current }) };
  if (current === SUCCEEDED) {
    ctx.journal.end(key, 'order', 'succeeded', { ids });
    return ids;
  }
  if (current !== undefined && FAILED_STATUSES.has(current)) {
    const message = `The Partner Portal ended order ${orderNo} as '${current}': nothing was added. Check the order in the Partner Portal before ordering again.`;
    ctx.journal.end(key, 'order', 'failed', { ids, message });
    throw new OrderFailedError(message, ids);
  }
  const message = `Order ${orderNo} was placed and is '${current ?? 'not yet known'}' in the Partner Portal: it is not placed again. Resume this run (or run the sheet again with this journal) later to check its status.`;
  ctx.journal.end(key, 'order', 'pending', { ids, message });
  throw new PendingOrderError(message, ids);
}

async function adopt(
  ctx: StepContext,
  key: string,
  sn: string,
  found: RecentOrder,
  options: Required<OrderOptions>,
): Promise<RowResultIds> {
  const ids: RowResultIds = {
    sn,
    orderNo: found.orderNo,
    ...(found.orderStatus !== undefined && { orderStatus: found.orderStatus }),
  };
  ctx.journal.end(key, 'order', 'adopted', {
    ids,
    message: 'found in the order list after an unclear answer; adopted',
  });
  if (found.orderStatus === SUCCEEDED) return ids;
  // Adopted, then judged by its own status like any other order.
  return settle(ctx, key, ids, found.orderStatus, options);
}

function repeatMessage(sn: string, o: RecentOrder): string {
  const when =
    o.createdMs !== undefined
      ? ` placed ${new Date(o.createdMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`
      : '';
  return `Not ordered: the Partner Portal already has order ${o.orderNo} ('${o.orderStatus ?? 'status unknown'}'${when}) for this PBX (SN ${sn}), which this run's journal does not record: most likely an earlier run of this sheet without this journal, or a run in parallel. Check it in the Partner Portal; to order anyway, run again with --allow-repeat-order.`;
}

/**
 * Orders for `sn` placed within `windowMs` of the portal's own time that no row of this journal
 * records. The order list (newest first) is read until it reaches orders older than the window;
 * each order's SN comes from Get Order Details (Order_Info in the list documents no SN), read
 * once per order per run.
 */
async function recentOrders(ctx: StepContext, sn: string, windowMs: number): Promise<RecentOrders> {
  const accounted = new Set<string>();
  for (const rec of ctx.journal.state.steps.values()) if (rec.ids?.orderNo) accounted.add(rec.ids.orderNo);
  const pp = ctx.lookups.pp();
  const orders: RecentOrder[] = [];
  let serverTimeMs: number | undefined;
  for (let pageNo = 1; ; pageNo++) {
    const page = await pp.listOrders({ pageNo, pageSize: PAGE });
    serverTimeMs ??= page.serverTimeMs;
    // Without the portal's time there is no window: every order read counts (bounded below).
    const from = serverTimeMs !== undefined ? serverTimeMs - windowMs : undefined;
    let older = false;
    for (const o of page.results) {
      const createdMs = portalMs(o.createTime);
      if (from !== undefined && createdMs !== undefined && createdMs < from) {
        older = true;
        continue;
      }
      const orderNo = o.orderNo ?? o.id;
      if (!orderNo || accounted.has(orderNo)) continue;
      const details = await ctx.lookups.orderDetails(orderNo);
      if (details.productNo !== sn) continue;
      orders.push({
        orderNo: details.orderNo ?? orderNo,
        ...((details.orderStatus ?? o.orderStatus) !== undefined && {
          orderStatus: details.orderStatus ?? o.orderStatus,
        }),
        ...(createdMs !== undefined && { createdMs }),
      });
    }
    if (older || page.results.length < PAGE || pageNo * PAGE >= page.total || pageNo >= MAX_PAGES) break;
  }
  orders.sort((x, y) => (y.createdMs ?? 0) - (x.createdMs ?? 0));
  return { orders, ...(serverTimeMs !== undefined && { serverTimeMs }) };
}

/** At most this many pages of the order list per check (5,000 orders). */
const MAX_PAGES = 100;

/** An Order_Info `createTime` (Long; seconds or milliseconds, not documented) as ms. */
function portalMs(createTime: unknown): number | undefined {
  const n = typeof createTime === 'bigint' ? Number(createTime) : Number(createTime);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return n < 1e12 ? n * 1000 : n;
}
