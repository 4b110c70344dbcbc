/**
 * Partner Portal `purchase_service` orders (seeds/003): the one billed step. After an unclear
 * answer the order list is checked before anything is sent again.
 */
import { AmbiguousWriteError, type PpOrder } from '../../api/index.ts';
import type { RowResultIds } from '../../shared/types.ts';
import { firstBegunAt } from '../run/journal.ts';
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

export async function order(row: PlannedRow, a: ExpansionAction, ctx: StepContext): Promise<RowResultIds> {
  const done = doneBefore(ctx, row.key, 'order');
  if (done) return done;
  const pbx = targetPbx(a.target, ctx);
  const pp = ctx.lookups.pp();
  const sn = pbx.sn ?? (await ctx.clients.ycm?.getCloudPbx(pbx.cloudPbxId))?.sn;
  if (!sn) throw new Error(`PBX ${pbx.cloudPbxId} has no SN yet; an order needs it (seeds/003).`);
  // An interrupted order is looked for from its first attempt on, not from now: a resume the next
  // day must still find it (found by test/reliability/late-resume.test.ts: it ordered again).
  // The 5-minute margin covers clock skew between this machine and the Partner Portal.
  const firstAt = Date.parse(firstBegunAt(ctx.journal.state, row.key, 'order') ?? '');
  const since = Math.floor(Math.min(Number.isNaN(firstAt) ? Date.now() : firstAt, Date.now()) / 1000) - 300;
  if (interrupted(ctx, row.key, 'order')) {
    const adopted = await findOrder(ctx, sn, since);
    if (adopted) return adopt(ctx, row.key, adopted);
  }
  let instance = (await ctx.lookups.instances()).get(sn);
  if (!instance) {
    ctx.lookups.forget('instances'); // a PBX created by this run
    instance = (await ctx.lookups.instances()).get(sn);
  }
  if (!instance?.connectionPlanId) throw new Error(`The Partner Portal has no plan for SN ${sn}.`);
  const catalogue = await ctx.lookups.catalogue();
  const cycle = instance.billingCycle ?? a.billingCycle ?? 'monthly';
  // Ids stay strings: they exceed 2^53 and would lose digits as JSON numbers (FACTS 2.5).
  const item = (serviceId: string, quantity: number) => ({
    connectionPlanId: instance.connectionPlanId,
    serviceType: 'service',
    serviceId,
    quantity,
    purchaseType: 'purchase',
    billingModel: 'recurring',
    billingCycle: cycle,
    multiCycle: 0,
  });
  const serviceList = [
    ...(a.addExtensions && catalogue.extensionServiceId
      ? [item(catalogue.extensionServiceId, a.addExtensions)]
      : []),
    ...(a.addRecordingMinutes && catalogue.recordingServiceId
      ? [item(catalogue.recordingServiceId, a.addRecordingMinutes)]
      : []),
  ];
  const body = {
    operationType: 'purchase_service',
    productId: PCE_PRODUCT_ID,
    productNo: sn,
    billingId: a.billingId,
    serviceList,
    ...(a.poNumber && { poNumber: a.poNumber }),
  };
  ctx.journal.begin(row.key, 'order');
  try {
    const written = await pp.saveOrder(body);
    const ids = withRequestId({ sn, ...orderIds(written.data) }, written.requestId);
    ctx.journal.end(row.key, 'order', 'succeeded', { ids });
    return ids;
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError)) {
      ctx.journal.end(row.key, 'order', 'failed', failure(error));
      throw error;
    }
    ctx.journal.end(row.key, 'order', 'unknown', failure(error));
    const adopted = await findOrder(ctx, sn, since);
    if (adopted) return adopt(ctx, row.key, adopted);
    // Never retried here: the order list may lag; `resume` checks again before ordering.
    throw new UnknownOutcomeError(
      `The order for SN ${sn} got no clear answer and is not in the order list yet; resume later to check again before any new order.`,
    );
  }
}

function orderIds(data: Record<string, unknown>): RowResultIds {
  const ids: RowResultIds = {};
  if (data['orderNo'] !== undefined) ids.orderNo = String(data['orderNo']);
  const id = data['orderId'] ?? data['id'] ?? data['instanceId'];
  if (id !== undefined) ids.orderId = String(id);
  return ids;
}

/** An order for this SN placed since `since` and not claimed by another row of the journal. */
async function findOrder(ctx: StepContext, sn: string, since: number): Promise<PpOrder | undefined> {
  const claimed = new Set<string>();
  for (const rec of ctx.journal.state.steps.values()) if (rec.ids?.orderNo) claimed.add(rec.ids.orderNo);
  const PAGE = 50;
  try {
    // Newest first (listOrders sorts by -id): read on until a page reaches orders older than the
    // run, so an order placed 50 orders ago in a large run is still found, not placed again.
    for (let pageNo = 1; ; pageNo++) {
      const page = await ctx.lookups.pp().listOrders({ pageNo, pageSize: PAGE });
      const found = page.results.find(
        (o) => o['productNo'] === sn && (o.createTime ?? 0) >= since && !claimed.has(String(o.orderNo ?? '')),
      );
      if (found) return found;
      const reachedOlder = page.results.some((o) => (o.createTime ?? 0) < since);
      if (reachedOlder || page.results.length < PAGE || pageNo * PAGE >= page.total) return undefined;
    }
  } catch (error) {
    throw new UnknownOutcomeError(
      `The order may have been placed and the order list could not be read (${error instanceof Error ? error.message : String(error)}); resume to check again.`,
    );
  }
}

function adopt(ctx: StepContext, key: string, o: PpOrder): RowResultIds {
  const ids: RowResultIds = { orderId: o.id, ...(o.orderNo && { orderNo: o.orderNo }) };
  ctx.journal.end(key, 'order', 'adopted', {
    ids,
    message: 'found in the order list after an unclear answer; adopted',
  });
  return ids;
}
