/**
 * Yeastar Partner Portal client (FACTS section 2). Every reply, the token one included, is the
 * envelope `{code, detailMessage, requestId, result, status}` with `code:"success"` on success and
 * `status` mirroring the HTTP status (FACTS 2.3). Tokens: grant `pp_credentials`, refreshed with
 * the rotating refresh token (FACTS 2.2). Orders are never re-sent by the client: a lost reply
 * to `saveOrder` is an AmbiguousWriteError, so the engine can look the order up before retrying.
 */
import { AmbiguousWriteError, AuthError, ServerError } from './errors.ts';
import { asRecord, httpContext, sendRequest } from './http.ts';
import type { HttpContext, HttpEvent, HttpMethod, HttpRequest, HttpStats, QueryValue } from './http.ts';
import { idText } from './json.ts';
import { interpretPp } from './pp-envelope.ts';
import type { PpResult } from './pp-envelope.ts';
import type { PacingOptions } from './pacing.ts';
import { allPages } from './paging.ts';
import { TokenCache } from './token-cache.ts';
import type { IssuedToken, TokenStats } from './token-cache.ts';
import type {
  BillingContact,
  PpOrderDetails,
  PpOrderPage,
  PpOrderReply,
  PpPage,
  PpPageQuery,
  PpProduct,
} from './types.ts';

export interface PpClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  pacing?: PacingOptions;
  refreshFraction?: number;
  /** Clock for token expiry (tests share one with the sandbox). */
  now?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

/** Typed Partner Portal client; every method throws an ApiError subclass on failure. */
export class PpClient {
  private readonly ctx: HttpContext;
  /** Requests sent, retries and rate-limit replies so far. */
  get stats(): HttpStats {
    return this.ctx.stats;
  }
  private readonly tokens: TokenCache;

  constructor(private readonly options: PpClientOptions) {
    this.ctx = httpContext('pp', 'Partner Portal base URL', options);
    const { clientId, clientSecret } = options;
    this.tokens = new TokenCache(
      {
        authenticate: (signal) =>
          this.requestToken(
            { grant_type: 'pp_credentials', client_id: clientId, client_secret: clientSecret },
            signal,
          ),
        refresh: (refreshToken, signal) =>
          this.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken }, signal),
      },
      options.refreshFraction,
      options.now,
    );
  }

  get tokenStats(): TokenStats {
    return this.tokens.stats;
  }

  /** Query Available Subscription Products (FACTS 2.4.1). */
  async productList(signal?: AbortSignal): Promise<PpProduct[]> {
    const r = await this.call('GET', '/pricing/openapi/purchase/v1/product_list', {}, signal);
    return Array.isArray(r.result) ? (r.result as PpProduct[]) : [];
  }

  /** Plans and services purchasable for a product (FACTS 2.4.2); `productNo` = SN where required. */
  async purchaseProductInfo(
    productId: number,
    productNo?: string,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const r = await this.call(
      'GET',
      '/pricing/openapi/purchase/v1/purchase_product_info',
      { query: { productId, productNo } },
      signal,
    );
    return asRecord(r.result);
  }

  /** One page of purchased product instances (FACTS 2.4.4). */
  async instanceProducts(
    productId: number,
    page: PpPageQuery = {},
    signal?: AbortSignal,
  ): Promise<PpPage<Record<string, unknown>>> {
    const query = { productId, pageNo: page.pageNo ?? 1, pageSize: page.pageSize ?? 25 };
    return this.page('/product/openapi/instance_product/v1/client/instance_product_list', query, signal);
  }

  /** Every purchased instance of a product, all pages. */
  async allInstanceProducts(productId: number, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return allPages(async (pageNo) =>
      toSomePage(await this.instanceProducts(productId, { pageNo, pageSize: 100 }, signal)),
    );
  }

  /** Query Billing Contact List (FACTS 2.4.5). */
  async billingContacts(signal?: AbortSignal): Promise<BillingContact[]> {
    const r = await this.call('GET', '/user/openapi/user/v1/client/billing_contact_list', {}, signal);
    return Array.isArray(r.result) ? (r.result as BillingContact[]) : [];
  }

  /**
   * Create an Order (FACTS 2.4.9). Never retried: a lost reply is an AmbiguousWriteError, and so
   * is a success reply without the `orderNo` and `orderStatus` seeds/003 shows (the order may
   * have been placed; the caller looks it up before anything else).
   */
  async saveOrder(body: Record<string, unknown>, signal?: AbortSignal): Promise<PpOrderReply> {
    const path = '/order/openapi/order/v1/save';
    const r = await this.call('POST', path, { json: body }, signal);
    const result = asRecord(r.result);
    const orderNo = idText(result['orderNo']);
    const orderStatus = typeof result['orderStatus'] === 'string' ? result['orderStatus'] : undefined;
    if (!orderNo || !orderStatus)
      throw new AmbiguousWriteError({
        system: 'pp',
        method: 'POST',
        path,
        requestId: r.requestId,
        detail: `the order reply (requestId ${r.requestId ?? 'none'}) has no ${orderNo ? 'orderStatus' : 'orderNo'}; the order may have been placed`,
      });
    const reply: PpOrderReply = { orderNo, orderStatus };
    const optional = ['transactionNo', 'instanceId', 'productNo'] as const;
    for (const key of optional) {
      const value = idText(result[key]);
      if (value !== undefined) reply[key] = value;
    }
    if (r.requestId) reply.requestId = r.requestId;
    return reply;
  }

  /**
   * One page of orders, newest first (FACTS 2.4.10 documents `sort=id`; `-id` for descending is
   * inferred from the `-name` of the country list), with the portal's time of the reply.
   */
  async listOrders(page: PpPageQuery & { sort?: string } = {}, signal?: AbortSignal): Promise<PpOrderPage> {
    const query = { pageNo: page.pageNo ?? 1, pageSize: page.pageSize ?? 25, sort: page.sort ?? '-id' };
    const r = await this.call('GET', '/order/openapi/order/v1/page', { query }, signal);
    return { ...toPage(r.result), ...(r.dateMs !== undefined && { serverTimeMs: r.dateMs }) };
  }

  /** Get Order Details by order id or order number (FACTS 2.4.11). */
  async getOrder(idOrNo: string, signal?: AbortSignal): Promise<Record<string, unknown>> {
    const r = await this.call('GET', `/order/openapi/order/v1/get/${encodeURIComponent(idOrNo)}`, {}, signal);
    return asRecord(r.result);
  }

  /**
   * The SN, status and number of an order (FACTS 2.4.11: `basicInformation.productNo`,
   * `orderInformation` = Order_Info with `orderStatus`, `orderNo`, `createTime`).
   */
  async orderDetails(idOrNo: string, signal?: AbortSignal): Promise<PpOrderDetails> {
    const result = await this.getOrder(idOrNo, signal);
    const basic = asRecord(result['basicInformation']);
    const info = asRecord(result['orderInformation']);
    const details: PpOrderDetails = {};
    const productNo = idText(basic['productNo']);
    const orderNo = idText(info['orderNo']);
    const createTime = idText(info['createTime']);
    if (productNo) details.productNo = productNo;
    if (orderNo) details.orderNo = orderNo;
    if (typeof info['orderStatus'] === 'string') details.orderStatus = info['orderStatus'];
    if (createTime) details.createTime = Number(createTime);
    return details;
  }

  private async page<T>(
    path: string,
    query: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<PpPage<T>> {
    return toPage((await this.call('GET', path, { query }, signal)).result);
  }

  private async call(
    method: HttpMethod,
    path: string,
    extra: Pick<HttpRequest, 'query' | 'json'>,
    signal?: AbortSignal,
  ): Promise<PpResult> {
    for (let attempt = 0; ; attempt++) {
      const authorization = await this.tokens.authorization(signal);
      const request: HttpRequest = {
        method,
        path,
        ...extra,
        headers: { Authorization: authorization },
        secrets: [authorization, this.options.clientSecret],
      };
      if (signal) request.signal = signal;
      try {
        return await sendRequest(this.ctx, request, interpretPp);
      } catch (error) {
        // A rejected token means the call was refused: authenticate afresh once and re-send.
        if (!(error instanceof AuthError) || attempt > 0) throw error;
        this.tokens.invalidate(authorization);
      }
    }
  }

  private requestToken(form: Record<string, string>, signal?: AbortSignal): Promise<IssuedToken> {
    const request: HttpRequest = {
      method: 'POST',
      path: '/auth/openapi/v1/oauth/token',
      form,
      idempotent: true,
      secrets: [this.options.clientSecret],
    };
    if (signal) request.signal = signal;
    return sendRequest(this.ctx, request, (reply, req) => {
      const result = asRecord(interpretPp(reply, req).result);
      const token = result['token'];
      if (typeof token !== 'string')
        throw new ServerError({
          system: 'pp',
          method: 'POST',
          path: req.path,
          status: reply.status,
          detail: 'token reply without a token',
        });
      const head =
        typeof result['tokenHead'] === 'string' && result['tokenHead'].trim()
          ? result['tokenHead'].trim()
          : 'Bearer';
      const issued: IssuedToken = {
        authorization: `${head} ${token}`,
        expiresInSeconds: Number(result['expiresIn'] ?? 1800) || 1800,
      };
      if (typeof result['refreshToken'] === 'string') issued.refreshToken = result['refreshToken'];
      return issued;
    });
  }
}

/** A paged result (FACTS 2.3): `{count, pageNo, pageSize, results, total, totalPage}`. */
function toPage<T>(value: unknown): PpPage<T> {
  const result = asRecord(value) as Partial<PpPage<T>>;
  return {
    ...result,
    pageNo: result.pageNo ?? 1,
    pageSize: result.pageSize ?? 25,
    results: Array.isArray(result.results) ? result.results : [],
    total: Number(result.total ?? 0),
  };
}

function toSomePage<T>(page: PpPage<T>): { list: T[]; total: number } {
  return { list: page.results, total: page.total };
}
