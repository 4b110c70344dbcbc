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
import { AmbiguousWriteError, ServerError, jsonInteger, type PpOrderReply } from '../../../api/index.ts';
import type { RowReason, RowResultIds } from '../../../shared/types.ts';
import { journalSteps } from '../../run/journal.ts';
import {
  guardedWrite,
  UnknownOutcomeError,
  type Found,
  type WritePolicy,
} from '../../engine/guarded-write.ts';
import { PCE_PRODUCT_ID } from '../../engine/lookups.ts';
import { messageOf, recentOrders, type RecentOrder, type RecentOrders } from './order-list.ts';
import type { ExpansionAction, PlannedRow } from '../../engine/planned.ts';
import { targetPbx, withRequestId, type StepContext } from '../../engine/step-context.ts';

/**
 * An order is sent once a run: never again after an unclear answer, only looked for in the
 * portal's order list. Unclear: a lost reply, or a 5xx / 2xx that is not the portal's own envelope
 * (a gateway's 502/504, an unreadable body); the portal's own error answer placed nothing.
 */
const PLACE_ORDER: WritePolicy = {
  maxSends: 1,
  lookFirst: false,
  unclear: (error) =>
    error instanceof AmbiguousWriteError || (error instanceof ServerError && error.code === undefined),
};

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
  /**
   * How long the order list may take to show a new order (not documented; an assumption, default
   * 15 min): an order with no clear answer that the list does not show is not sent again before
   * this has passed in the portal's time.
   */
  listLagMs?: number;
}

export const ORDER_DEFAULTS: Required<OrderOptions> = {
  allowRepeat: false,
  repeatWindowMs: 7 * 24 * 3600_000,
  settleMs: 120_000,
  settleIntervalMs: 5_000,
  listLagMs: 15 * 60_000,
};

/** Final statuses that are not success (FACTS 2.4.10's Order_Info values). */
const FAILED_STATUSES = new Set(['failed', 'invalid', 'cancelled', 'refunded']);
const SUCCEEDED = 'succeed';
/** The portal's `Date` header has whole seconds, createTime may be rounded: a little slack. */
const ADOPT_SLACK_MS = 60_000;

/** The portal answered the order (its number and status are known) but not with success. */
export class OrderAnsweredError extends Error {
  constructor(
    message: string,
    readonly ids: RowResultIds,
  ) {
    super(message);
  }
}

/** The order was placed once and its status is not final yet: the row is `pending`. */
export class PendingOrderError extends OrderAnsweredError {
  override readonly name = 'PendingOrderError';
  readonly reason = 'order-pending' satisfies RowReason;
}

/** The portal ended the order in a status that is not success (failed, invalid, cancelled…). */
export class OrderFailedError extends OrderAnsweredError {
  override readonly name = 'OrderFailedError';
  readonly reason = 'order-failed' satisfies RowReason;
}

/** The portal has a recent order for this PBX that this journal does not account for. */
export class RepeatOrderError extends Error {
  override readonly name = 'RepeatOrderError';
  readonly reason = 'repeat-order' satisfies RowReason;
}

export async function order(row: PlannedRow, a: ExpansionAction, ctx: StepContext): Promise<RowResultIds> {
  const done = ctx.journal.doneIds(row.key, 'order');
  if (done) return done;
  const options = { ...ORDER_DEFAULTS, ...ctx.orders };
  const recorded = ctx.journal.step(row.key, 'order');
  // Placed once, not final when last seen: check it, never order again.
  if (recorded?.outcome === 'pending' && recorded.ids?.orderNo)
    return settle(ctx, row.key, recorded.ids, undefined, options);
  const pbx = targetPbx(a.target, ctx);
  const sn = pbx.sn ?? (await ctx.clients.ycm?.getCloudPbx(pbx.cloudPbxId))?.sn;
  if (!sn) throw new Error(`PBX ${pbx.cloudPbxId} has no SN yet; an order needs it (seeds/003).`);
  const begunAt = recorded?.portalTimeMs;
  let recent: RecentOrders;
  try {
    recent = await recentOrders(ctx, sn, options.repeatWindowMs, begunAt);
  } catch (error) {
    throw new Error(
      `Not ordered: ${messageOf(error)}, so it is not known whether this PBX has an order already. Run or resume again to check.`,
      { cause: error },
    );
  }
  const body = orderBody(sn, a);
  return guardedWrite({
    journal: ctx.journal,
    key: row.key,
    step: 'order',
    policy: PLACE_ORDER,
    begin: { portalTimeMs: recent.serverTimeMs, productNo: sn },
    // An earlier attempt with no clear end: the order placed since then, if any, is it. After this
    // run's unclear answer: the one placed since its begin, in a fresh read of the list.
    lookUp: async (moment) =>
      moment === 'unclear'
        ? placedSince(
            ctx,
            row,
            sn,
            await recentOrders(ctx, sn, options.repeatWindowMs, recent.serverTimeMs),
            recent.serverTimeMs,
            options,
          )
        : placedSince(ctx, row, sn, recent, begunAt, options),
    // None since an unclear attempt, or no attempt: any other recent order is a probable repeat.
    beforeSend: () => {
      const other = options.allowRepeat
        ? undefined
        : recent.orders.find((o) => !FAILED_STATUSES.has(o.orderStatus ?? ''));
      if (other) throw new RepeatOrderError(repeatMessage(sn, other, options.repeatWindowMs));
    },
    send: () => ctx.lookups.pp().saveOrder(body),
    idsOf: (reply: PpOrderReply) =>
      withRequestId(
        {
          sn,
          orderNo: reply.orderNo,
          orderStatus: reply.orderStatus,
          ...(reply.transactionNo !== undefined && { transactionNo: reply.transactionNo }),
        },
        reply.requestId,
      ),
    // Only the portal's final status decides the outcome, placed or adopted.
    settle: (ids, found) =>
      found
        ? adopt(ctx, row, ids, found.message, options)
        : settle(ctx, row.key, ids, ids.orderStatus, options),
    gaveUp: (error) =>
      `The order for SN ${sn} got no clear answer (${messageOf(error)}) and is not in the order list yet: it is not sent again before ${portalClock(recent.serverTimeMs + options.listLagMs)} (portal time); resume after that to check.`,
    unchecked: (check, error) =>
      `The order for SN ${sn} got no clear answer (${messageOf(error)}) and ${messageOf(check)}; resume later to check again before any new order.`,
  });
}

/**
 * After an attempt with no clear end (begun at portal time `begunAt`): the one order on the PBX
 * placed since then, to adopt; with several it cannot tell which is this row's (unknown); with
 * none it waits until the order list has had `listLagMs` to show it (unknown), then returns
 * undefined so the order is placed.
 */
function placedSince(
  ctx: StepContext,
  row: PlannedRow,
  sn: string,
  recent: RecentOrders,
  begunAt: number | undefined,
  options: Required<OrderOptions>,
): Found | undefined {
  // Rows of one PBX run one after another, so the unclear attempts on this SN (this row's and
  // any other's of this sheet) and the orders placed since the first of them pair up in time
  // order when there are as many of each; otherwise which order is whose cannot be told.
  const attempts = unclearAttempts(ctx, sn, row.key, begunAt);
  const first = attempts[0]?.portalTimeMs ?? begunAt;
  const since = recent.orders
    .filter((o) => first === undefined || o.createdMs === undefined || o.createdMs >= first - ADOPT_SLACK_MS)
    .sort((x, y) => (x.createdMs ?? 0) - (y.createdMs ?? 0));
  const mine = attempts.findIndex((a) => a.key === row.key);
  if (since.length > 0 && (since.length !== attempts.length || mine < 0))
    throw new UnknownOutcomeError(
      `The order for SN ${sn} had no clear answer and the PBX has ${since.length} order(s) since then (${since.map((o) => o.orderNo).join(', ')}) that no row of this run records, for ${attempts.length} unclear attempt(s): which one is this row's cannot be told. Check them in the Partner Portal; clear this row's result, or take it out of the sheet, once you know.`,
    );
  const found = since[mine];
  if (found) return adoptable(sn, found);
  if (begunAt === undefined || recent.serverTimeMs < begunAt + options.listLagMs)
    throw new UnknownOutcomeError(
      `The order for SN ${sn} had no clear answer and is not in the order list yet: it is not sent again before ${begunAt === undefined ? 'it is checked by hand' : `${portalClock(begunAt + options.listLagMs)} (portal time)`}; resume after that to check.`,
    );
  return undefined;
}

/**
 * The order attempts with no clear end on `sn` of this sheet's rows (this row's included, with
 * `begunAt`), oldest first by the portal's time of their begin.
 */
function unclearAttempts(
  ctx: StepContext,
  sn: string,
  key: string,
  begunAt: number | undefined,
): Array<{ key: string; portalTimeMs?: number }> {
  const attempts: Array<{ key: string; portalTimeMs?: number }> = [
    { key, ...(begunAt !== undefined && { portalTimeMs: begunAt }) },
  ];
  for (const { key: other, step, record: rec } of journalSteps(ctx.journal.state)) {
    if (step !== 'order' || other === key || rec.productNo !== sn) continue;
    if (ctx.rowKeys && !ctx.rowKeys.has(other)) continue;
    if (!ctx.journal.isInterrupted(other, 'order')) continue;
    attempts.push({ key: other, ...(rec.portalTimeMs !== undefined && { portalTimeMs: rec.portalTimeMs }) });
  }
  return attempts.sort((a, b) => (a.portalTimeMs ?? 0) - (b.portalTimeMs ?? 0));
}

/** A portal time as "2027-01-10 12:15 UTC". */
function portalClock(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
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

/** An order found after an unclear answer, as this row's (its ids and the note journalled). */
function adoptable(sn: string, found: RecentOrder): Found {
  return {
    ids: {
      sn,
      orderNo: found.orderNo,
      ...(found.orderStatus !== undefined && { orderStatus: found.orderStatus }),
    },
    message: `${found.orderNo} found in the order list after an unclear answer: the only order on this PBX since this row's attempt, adopted as this row's (the list does not show an order's services: check it in the Partner Portal)`,
  };
}

async function adopt(
  ctx: StepContext,
  row: PlannedRow,
  ids: RowResultIds,
  note: string,
  options: Required<OrderOptions>,
): Promise<RowResultIds> {
  const key = row.key;
  row.report.messages.push({ level: 'warning', message: `Order ${note}.` });
  // Adopted as done only once the portal says it succeeded; until then it is pending, so a crash
  // while it is checked leaves it checked again, never taken for done.
  if (ids.orderStatus === SUCCEEDED) {
    ctx.journal.end(key, 'order', 'adopted', { ids, message: note });
    return ids;
  }
  ctx.journal.end(key, 'order', 'pending', { ids, message: note });
  return settle(ctx, key, ids, ids.orderStatus, options);
}

function repeatMessage(sn: string, o: RecentOrder, windowMs: number): string {
  const when = o.createdMs !== undefined ? ` placed ${portalClock(o.createdMs)}` : '';
  const days = Math.round((windowMs / 86_400_000) * 10) / 10;
  const whose = o.otherRow
    ? "recorded in this run's journal for a row that is no longer in the sheet as it was (edited since?)"
    : "which this run's journal does not record";
  return `Not ordered: the Partner Portal has order ${o.orderNo} ('${o.orderStatus ?? 'status unknown'}'${when}) for this PBX (SN ${sn}), ${whose}. Orders are matched by PBX within ${days} days, as the order list does not say what an order holds: it may be this row's, placed by an earlier run without this journal, a run elsewhere, or an order of another kind. Check it in the Partner Portal; to order anyway, run again with --allow-repeat-order (in the app: the Plan screen's "Order even when the PBX already has a recent order").`;
}
