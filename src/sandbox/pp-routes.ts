/**
 * Partner Portal endpoints (FACTS 2): token in the PP envelope, product list, plans and services of
 * product 13, purchased instances (one per PBX, those created through YCM included), billing
 * contacts, and orders — only `purchase_service` on an existing PCE instance changes state
 * (seeds/003: expand extensions or recording minutes).
 */
import { PpFailure, ppOk, ppReply, type Reply } from './envelopes.ts';
import { DEMO_CREDENTIALS, PP_PRODUCTS, PP_PRODUCT_ID_PCE } from './fixtures.ts';
import { route, type RequestContext, type Route } from './router.ts';
import type { PpOrder, SandboxState } from './state.ts';
import { isRecord } from './ycm-helpers.ts';

const OPERATION_TYPES = [
  'trial_plan',
  'trial_service',
  'purchase_plan',
  'purchase_service',
  'switch_plan',
  'switchTrial_plan',
  'renew_plan',
  'renew_service',
];

function invalid(ctx: RequestContext, detail: string, field: string, tag = 'invalid'): never {
  throw new PpFailure(ctx.env.a.ppValidationStatus, ctx.env.a.ppValidationCode, detail, { field, tag });
}

function token(ctx: RequestContext): Reply {
  const { a, tokens } = ctx.env;
  const form =
    ctx.form ?? invalid(ctx, 'Content-Type must be application/x-www-form-urlencoded', 'Content-Type');
  const grant = form.get('grant_type');
  let issued;
  if (grant === 'pp_credentials') {
    if (!form.get('client_id') || !form.get('client_secret'))
      invalid(ctx, 'client_id and client_secret are required', 'client_id', 'required');
    if (
      form.get('client_id') !== DEMO_CREDENTIALS.pp.clientId ||
      form.get('client_secret') !== DEMO_CREDENTIALS.pp.clientSecret
    ) {
      return ppReply(a.ppAuthStatus, a.ppBadCredentialsCode, 'wrong client id or secret', null);
    }
    issued = tokens.issue('pp', DEMO_CREDENTIALS.pp.clientId);
  } else if (grant === 'refresh_token') {
    const r = tokens.rotate('pp', form.get('refresh_token') ?? '');
    if (!r.ok)
      return ppReply(
        a.ppAuthStatus,
        r.reason === 'expired' ? a.ppTokenExpiredCode : a.ppInvalidTokenCode,
        `refresh token ${r.reason}`,
        null,
      );
    issued = r.tokens;
  } else {
    return invalid(ctx, 'grant_type must be pp_credentials or refresh_token', 'grant_type');
  }
  // FACTS 2.2: Token_Details; expiresIn is a String.
  return ppOk({
    token: issued.accessToken,
    tokenHead: 'Bearer ',
    expiresIn: String(issued.expiresIn),
    refreshToken: issued.refreshToken,
  });
}

/** PP paging: pageSize default 25, pageNo default 1 (FACTS 2.3). */
function ppPage<T>(ctx: RequestContext, items: T[]): Record<string, unknown> {
  const pageSize = Number(ctx.query.get('pageSize') ?? 25);
  const pageNo = Number(ctx.query.get('pageNo') ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1)
    invalid(ctx, 'pageSize must be a positive integer', 'pageSize');
  if (!Number.isInteger(pageNo) || pageNo < 1) invalid(ctx, 'pageNo must be a positive integer', 'pageNo');
  const results = items.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  return {
    count: items.length,
    pageNo,
    pageSize,
    results,
    total: items.length,
    totalPage: Math.ceil(items.length / pageSize),
  };
}

function requirePce(ctx: RequestContext): void {
  const id = ctx.query.get('productId');
  if (!id) invalid(ctx, 'productId is required', 'productId', 'required');
  if (Number(id) !== PP_PRODUCT_ID_PCE)
    invalid(ctx, 'the sandbox sells only product 13 (Cloud PBX, PCE Instance)', 'productId');
}

function productInfo(ctx: RequestContext): Reply {
  requirePce(ctx);
  const catalog = ctx.env.store.state.pp.catalog;
  // FACTS 2.4.2: the structure is NOT FOUND; seeds/003 says to note down planId and serviceId.
  // The shape below is an assumption (ppCatalogIdsAsNumbers: ids as numbers above 2^53).
  const id = (digits: string): bigint | string => (ctx.env.a.ppCatalogIdsAsNumbers ? BigInt(digits) : digits);
  return ppOk({
    offeringId: 'sandbox-offering-13',
    productId: PP_PRODUCT_ID_PCE,
    productName: 'Cloud PBX (PCE Instance)',
    planList: catalog
      .filter((c) => c.kind === 'plan')
      .map((c) => ({ planId: id(c.id), name: c.name, purchaseType: 'purchase' })),
    serviceList: catalog
      .filter((c) => c.kind === 'service')
      .map((c) => ({ serviceId: id(c.id), name: c.name, purchaseType: 'purchase' })),
  });
}

function instances(ctx: RequestContext): Reply {
  requirePce(ctx);
  const s = ctx.env.store.state;
  // Product_Info (FACTS 2.4.4): activationCode, activationStatus, comment [DOC-partial]; productNo
  // per seeds/003 step 1. Nothing else is invented: no client may depend on it.
  const items = s.ycm.pbxs.map((p) => ({
    activationCode: '',
    activationStatus: p.activationStatus === 'Activated' ? 'activated' : 'unactivated',
    comment: p.name,
    productNo: p.sn,
  }));
  return ppOk(ppPage(ctx, items));
}

/** An order's status now: `pending` until it settles (assumption ppOrderPendingMs), then final. */
function statusOf(o: PpOrder, nowMs: number): string {
  return nowMs < (o.settlesAtMs ?? 0) ? 'pending' : (o.finalStatus ?? 'succeed');
}

/** Order_Info (FACTS 2.4.10): only its documented fields. */
function orderInfo(o: PpOrder, nowMs: number): Record<string, unknown> {
  return {
    createTime: o.createTime,
    currencyCode: o.currencyCode,
    customReferenceNo: '',
    id: o.id,
    invoiceNo: '',
    orderNo: o.orderNo,
    orderStatus: statusOf(o, nowMs),
  };
}

/** A body id as seed 003 sends it: a JSON number (a bigint above 2^53 once parsed). */
function numericId(ctx: RequestContext, value: unknown, field: string): string {
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)))
    return String(value);
  if (typeof value === 'number')
    invalid(ctx, `${field} lost digits: send it as a JSON integer with every digit`, field);
  if (typeof value === 'string' && /^[0-9]+$/.test(value) && !ctx.env.a.ppRequireNumericIds) return value;
  return invalid(
    ctx,
    `${field} must be a JSON integer (seeds/003)`,
    field,
    value === undefined ? 'required' : 'type',
  );
}

/** A serviceList item stored without bigints (the state file is plain JSON). */
function plainItem(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
  );
}

/** Validates and applies a purchase_service order (seeds/003). */
function saveOrder(ctx: RequestContext): Reply {
  const s: SandboxState = ctx.env.store.state;
  const b = isRecord(ctx.body) ? ctx.body : invalid(ctx, 'body must be a JSON object', 'body');
  const op = b['operationType'];
  if (typeof op !== 'string' || !OPERATION_TYPES.includes(op))
    invalid(ctx, `operationType must be one of ${OPERATION_TYPES.join(', ')}`, 'operationType');
  if (op !== 'purchase_service')
    invalid(ctx, `operationType ${op} is not supported by the sandbox`, 'operationType', 'unsupported');
  // FACTS 2.4.9: productId Integer; seed 003 sends 13.
  if (b['productId'] !== PP_PRODUCT_ID_PCE) invalid(ctx, 'productId must be the integer 13', 'productId');
  const productNo =
    typeof b['productNo'] === 'string' && b['productNo']
      ? b['productNo']
      : invalid(ctx, 'productNo is required for an existing PBX', 'productNo', 'required');
  const pbx =
    s.ycm.pbxs.find((p) => p.sn === productNo) ??
    invalid(ctx, `no product with productNo ${productNo}`, 'productNo', 'not_found');
  const billingId = numericId(ctx, b['billingId'], 'billingId');
  if (!s.pp.billingContacts.some((c) => c.billingContactId === billingId))
    invalid(ctx, `billing contact ${billingId} not found`, 'billingId', 'not_found');
  const list =
    Array.isArray(b['serviceList']) && b['serviceList'].length > 0
      ? b['serviceList']
      : invalid(ctx, 'serviceList is required', 'serviceList', 'required');
  const changes: { field: 'extensionCapacity' | 'recordingCapacity'; quantity: number }[] = [];
  for (const [i, raw] of list.entries()) {
    const item = isRecord(raw)
      ? raw
      : invalid(ctx, `serviceList[${i}] must be an object`, `serviceList[${i}]`);
    const f = (k: string) => `serviceList[${i}].${k}`;
    if (item['serviceType'] !== 'service') invalid(ctx, 'serviceType must be service', f('serviceType'));
    const serviceId = numericId(ctx, item['serviceId'], f('serviceId'));
    const service = s.pp.catalog.find((c) => c.kind === 'service' && c.id === serviceId);
    if (!service?.adds) invalid(ctx, `unknown serviceId ${serviceId}`, f('serviceId'), 'not_found');
    // seeds/003: connectionPlanId = the PBX's current plan; the billing cycle cannot change.
    if (numericId(ctx, item['connectionPlanId'], f('connectionPlanId')) !== pbx.planId)
      invalid(ctx, `connectionPlanId must be the PBX's current plan ${pbx.planId}`, f('connectionPlanId'));
    if (item['purchaseType'] !== 'purchase') invalid(ctx, 'purchaseType must be purchase', f('purchaseType'));
    if (item['billingModel'] !== 'recurring')
      invalid(ctx, 'billingModel must be recurring', f('billingModel'));
    if (item['billingCycle'] !== 'monthly' && item['billingCycle'] !== 'annually')
      invalid(ctx, 'billingCycle must be monthly or annually', f('billingCycle'));
    if (item['billingCycle'] !== pbx.billingCycle)
      invalid(ctx, `billingCycle must stay ${pbx.billingCycle} for this PBX`, f('billingCycle'));
    if (!Number.isInteger(item['multiCycle'])) invalid(ctx, 'multiCycle must be an integer', f('multiCycle'));
    const quantity = item['quantity'];
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1)
      invalid(ctx, 'quantity must be a positive integer', f('quantity'));
    changes.push({ field: service.adds, quantity });
  }
  const addedExt = changes.filter((c) => c.field === 'extensionCapacity').reduce((n, c) => n + c.quantity, 0);
  if (pbx.extensionCapacity + addedExt > ctx.env.a.maxExtensionsPerPbx)
    invalid(
      ctx,
      `a Cloud PBX supports at most ${ctx.env.a.maxExtensionsPerPbx} extensions`,
      'serviceList.quantity',
      'max',
    );
  const finalStatus = ctx.env.a.ppOrderFinalStatus;
  // Capacity is added when the order is placed if it is to succeed (a simplification: a real
  // portal adds it when the order completes).
  if (finalStatus === 'succeed') {
    for (const c of changes) pbx[c.field] += c.quantity;
    if (pbx.recordingCapacity > 0) pbx.recordingStatus = 'Enabled';
  }
  const n = s.next.order++;
  const order: PpOrder = {
    id: String(3100000000000000000n + BigInt(n)),
    // Seed 003's forms: "EK3206246063826526208", "ER3206246064703135745".
    orderNo: `EK${String(3206246063826526208n + BigInt(n))}`,
    transactionNo: `ER${String(3206246064703135745n + BigInt(n))}`,
    instanceId: String(1282352 + s.ycm.pbxs.indexOf(pbx)),
    productId: PP_PRODUCT_ID_PCE,
    productNo,
    operationType: op,
    billingId,
    createTime: Math.floor(ctx.nowMs / 1000),
    settlesAtMs: ctx.nowMs + ctx.env.a.ppOrderPendingMs,
    finalStatus,
    currencyCode: 'USD',
    serviceList: list.filter(isRecord).map(plainItem),
  };
  s.pp.orders.push(order);
  ctx.env.created.orders++;
  // Seed 003's reply, field for field.
  return ppOk({
    instanceId: order.instanceId,
    orderNo: order.orderNo,
    orderStatus: statusOf(order, ctx.nowMs),
    productNo: order.productNo,
    transactionNo: order.transactionNo,
  });
}

function getOrder(ctx: RequestContext): Reply {
  const key = ctx.params['id'] ?? '';
  const o = ctx.env.store.state.pp.orders.find((x) => x.id === key || x.orderNo === key);
  if (!o) throw new PpFailure(ctx.env.a.ppNotFoundStatus, ctx.env.a.ppNotFoundCode, `order ${key} not found`);
  const contact = ctx.env.store.state.pp.billingContacts.find((c) => c.billingContactId === o.billingId);
  // FACTS 2.4.11: Basic_Info starts with productId (a String here), productName, productNo.
  return ppOk({
    basicInformation: {
      productId: String(o.productId),
      productName: 'Cloud PBX (PCE Instance)',
      productNo: o.productNo,
    },
    billingInformation: contact ?? {},
    orderInformation: orderInfo(o, ctx.nowMs),
    orderSummary: { serviceList: o.serviceList },
  });
}

/**
 * The order list in the asked order (FACTS 2.4.10 shows `sort=id`; `-id` for newest first is
 * inferred from the country list's `-name`); without `sort`, newest first (an assumption).
 */
function sortedOrders(ctx: RequestContext): PpOrder[] {
  const orders = [...ctx.env.store.state.pp.orders];
  return ctx.query.get('sort') === 'id' ? orders : orders.reverse();
}

/** Partner Portal routes. */
export function ppRoutes(): Route[] {
  return [
    route('pp', 'POST', '/auth/openapi/v1/oauth/token', token, true),
    route('pp', 'GET', '/pricing/openapi/purchase/v1/product_list', () =>
      ppOk(PP_PRODUCTS.map((p) => ({ ...p }))),
    ),
    route('pp', 'GET', '/pricing/openapi/purchase/v1/purchase_product_info', productInfo),
    route('pp', 'GET', '/product/openapi/instance_product/v1/client/instance_product_list', instances),
    route('pp', 'GET', '/user/openapi/user/v1/client/billing_contact_list', (c) =>
      ppOk(c.env.store.state.pp.billingContacts),
    ),
    route('pp', 'POST', '/order/openapi/order/v1/save', saveOrder),
    route('pp', 'GET', '/order/openapi/order/v1/page', (c) =>
      ppOk(
        ppPage(
          c,
          sortedOrders(c).map((o) => orderInfo(o, c.nowMs)),
        ),
      ),
    ),
    route('pp', 'GET', '/order/openapi/order/v1/get/:id', getOrder),
  ];
}
