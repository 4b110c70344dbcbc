/**
 * Yeastar Central Management client (FACTS section 1). One cached access token for every call
 * (client credentials, refreshed with the rotating refresh token before expiry, a new
 * authentication once on TOKEN_EXPIRED/INVALID_TOKEN), one token bucket, and the endpoints the
 * product needs. Writes return the vendor's requestId with their result.
 */
import {
  AuthError,
  IncompleteReplyError,
  IncompleteWriteReplyError,
  NotFoundError,
  YCM_TOKEN_CODES,
} from './errors.ts';
import { httpContext, sendRequest } from './http.ts';
import type { HttpContext, HttpEvent, HttpMethod, HttpStats, QueryValue } from './http.ts';
import type { PacingOptions } from './pacing.ts';
import { TokenCache } from './token-cache.ts';
import type { IssuedToken, TokenStats } from './token-cache.ts';
import type {
  CloudPbx,
  CustomSipHeaderBinding,
  DidNumber,
  Domain,
  Firmware,
  PageQuery,
  ProvisionTemplate,
  Region,
  ResizeBody,
  SharedTrunk,
  SubscriptionInfo,
  TrunkDidRelation,
  Written,
  YcmCustomer,
  YcmPage,
} from './types.ts';
import { interpretYcm, interpretYcmToken } from './ycm-envelope.ts';
import type { YcmResult } from './ycm-envelope.ts';
import { allPages, clampPageSize } from './paging.ts';

export interface YcmClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  pacing?: PacingOptions;
  /** Refresh the access token at this fraction of its lifetime (default 0.8). */
  refreshFraction?: number;
  /** Clock for token expiry (tests share one with the sandbox). */
  now?: () => number;
  onEvent?: (event: HttpEvent) => void;
}

interface CallOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
}

const API = '/dm/open_api';
const PBX = `${API}/v1/cloud_pbx/instances`;

/** Typed YCM API client; every method throws an ApiError subclass on failure. */
export class YcmClient {
  private readonly ctx: HttpContext;
  /** Requests sent, retries and rate-limit replies so far. */
  get stats(): HttpStats {
    return this.ctx.stats;
  }
  private readonly tokens: TokenCache;

  constructor(private readonly options: YcmClientOptions) {
    this.ctx = httpContext('ycm', 'YCM base URL', options);
    this.tokens = new TokenCache(
      {
        authenticate: (signal) =>
          this.requestToken(
            {
              grant_type: 'client_credentials',
              client_id: options.clientId,
              client_secret: options.clientSecret,
            },
            signal,
          ),
        refresh: (refreshToken, signal) =>
          this.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken }, signal),
      },
      options.refreshFraction,
      options.now,
    );
  }

  /** How many token requests this client made (authentications and refreshes). */
  get tokenStats(): TokenStats {
    return this.tokens.stats;
  }

  /**
   * Create a Cloud PBX (FACTS 1.8.A, seeds/000: `data.cloudPbxId`). Never retried: a lost reply is
   * an AmbiguousWriteError, and so is a success reply without the id (IncompleteWriteReplyError):
   * the PBX may exist, so the caller looks it up by subdomain.
   */
  async createCloudPbx(
    body: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<{ cloudPbxId: number; requestId: string | undefined }> {
    const r = await this.call('POST', PBX, { json: body, signal });
    const cloudPbxId = idOf(asObject(r.data)?.['cloudPbxId']);
    if (cloudPbxId === undefined)
      throw new IncompleteWriteReplyError(this.where('POST', PBX, r, 'data.cloudPbxId'));
    return { cloudPbxId, requestId: r.requestId };
  }

  /** Query the Status of a Cloud PBX (FACTS 1.8.E): `data = {cloudPbxId, pbxStatus, activationStatus}`. */
  async getCloudPbxStatus(
    cloudPbxId: number,
    signal?: AbortSignal,
  ): Promise<{ pbxStatus: string; activationStatus?: string }> {
    const path = `${PBX}/${cloudPbxId}/status`;
    const r = await this.call('GET', path, { signal });
    const data = asObject(r.data);
    const pbxStatus = data?.['pbxStatus'];
    if (typeof pbxStatus !== 'string' || pbxStatus === '')
      throw new IncompleteReplyError(this.where('GET', path, r, 'data.pbxStatus'));
    const activation = data?.['activationStatus'];
    return { pbxStatus, ...(typeof activation === 'string' && { activationStatus: activation }) };
  }

  /** Query the Assigned Trunks of a Cloud PBX (FACTS 1.8.Q): `data.sharedTrunkIds`. */
  async getAssignedTrunks(cloudPbxId: number, signal?: AbortSignal): Promise<number[]> {
    const path = `${API}/v1/shared_trunk/pbx/used`;
    const r = await this.call('GET', path, { query: { cloudPbxId }, signal });
    return [...new Set(this.numbers(r, 'GET', path, 'sharedTrunkIds'))];
  }

  /** Query All the Cloud PBXs, v2, one page (FACTS 1.8.B). */
  async listCloudPbxs(
    query: PageQuery & { search?: string } = {},
    signal?: AbortSignal,
  ): Promise<YcmPage<CloudPbx>> {
    return this.page<CloudPbx>(`${API}/v2/cloud_pbx/instances`, query, { search: query.search }, signal);
  }

  /** Every Cloud PBX matching `search`, reading pages of 50. */
  async findAllCloudPbxs(
    query: { search?: string; sort?: string } = {},
    signal?: AbortSignal,
  ): Promise<CloudPbx[]> {
    return allPages((pageNumber) => this.listCloudPbxs({ ...query, pageNumber, pageSize: 50 }, signal));
  }

  /** Query a Specific Cloud PBX by ID (FACTS 1.8.C). */
  async getCloudPbx(cloudPbxId: number, signal?: AbortSignal): Promise<CloudPbx> {
    const path = `${PBX}/${cloudPbxId}`;
    const r = await this.call('GET', path, { signal });
    if (!asObject(r.data)) throw new IncompleteReplyError(this.where('GET', path, r, 'data'));
    return r.data as CloudPbx;
  }

  /** Query a Specific Cloud PBX by URL, e.g. "acme.example.yeastarcloud.com" (FACTS 1.8.D). */
  async getCloudPbxByUrl(url: string, signal?: AbortSignal): Promise<CloudPbx> {
    return (await this.call('GET', `${PBX}/get`, { query: { url }, signal })).data as CloudPbx;
  }

  /**
   * Update the DID Bindings of a Cloud PBX (FACTS 1.8.O): the body is the complete binding set,
   * so re-sending it is harmless and the call is retried like a GET.
   */
  async updateDidBindings(
    cloudPbxId: number,
    trunkDidRelations: TrunkDidRelation[],
    customSipHeadersBindings?: CustomSipHeaderBinding[],
    signal?: AbortSignal,
  ): Promise<Written> {
    const json = customSipHeadersBindings
      ? { trunkDidRelations, customSipHeadersBindings }
      : { trunkDidRelations };
    const r = await this.call('PUT', `${PBX}/${cloudPbxId}/did`, { json, idempotent: true, signal });
    return { requestId: r.requestId, data: {} };
  }

  /** Query the Assigned DID Numbers of a Cloud PBX (FACTS 1.8.P); duplicates removed. */
  async getAssignedDids(cloudPbxId: number, signal?: AbortSignal): Promise<number[]> {
    const path = `${API}/v1/did_management/${cloudPbxId}/did`;
    const r = await this.call('GET', path, { signal });
    return [...new Set(this.numbers(r, 'GET', path, 'didIds'))];
  }

  /** Query the Customers of a Cloud PBX (FACTS 1.8.M): `data.customerIds`. */
  async getPbxCustomers(cloudPbxId: number, signal?: AbortSignal): Promise<number[]> {
    const path = `${PBX}/${cloudPbxId}/customers`;
    const r = await this.call('GET', path, { signal });
    return [...new Set(this.numbers(r, 'GET', path, 'customerIds'))];
  }

  /** Resize a Cloud PBX (FACTS 1.8.K): absolute capacities, so safe to re-send. */
  async resize(cloudPbxId: number, body: ResizeBody, signal?: AbortSignal): Promise<Written> {
    const r = await this.call('PUT', `${PBX}/${cloudPbxId}/capacity`, {
      json: body,
      idempotent: true,
      signal,
    });
    return { requestId: r.requestId, data: {} };
  }

  /** Query Available Regions (FACTS 1.8.R). */
  async regions(signal?: AbortSignal): Promise<Region[]> {
    return this.list<Region>(`${API}/v1/cluster/regions`, {}, signal);
  }

  /** Query Available Domain Names of the regions (FACTS 1.8.S). */
  async domains(regionIds: readonly number[], signal?: AbortSignal): Promise<Domain[]> {
    return this.list<Domain>(`${API}/v1/cluster/domains`, { regionIds }, signal);
  }

  /** Query Available Firmwares, optionally of some regions (FACTS 1.8.T). */
  async firmwares(regionIds?: readonly number[], signal?: AbortSignal): Promise<Firmware[]> {
    return this.list<Firmware>(
      `${API}/v1/firmware`,
      { type: 'pbx', regionIds: regionIds?.length ? regionIds : undefined },
      signal,
    );
  }

  /** Query All the Provisioning Templates (FACTS 1.8.U). */
  async provisionTemplates(signal?: AbortSignal): Promise<ProvisionTemplate[]> {
    return this.list<ProvisionTemplate>(`${API}/v1/provision_template`, {}, signal);
  }

  /** Query All the Customers, one page (FACTS 1.8.V). */
  async listCustomers(query: PageQuery = {}, signal?: AbortSignal): Promise<YcmPage<YcmCustomer>> {
    return this.page<YcmCustomer>(`${API}/v1/customers`, query, {}, signal);
  }

  /** Every customer, reading pages of 50. */
  async allCustomers(signal?: AbortSignal): Promise<YcmCustomer[]> {
    return allPages((pageNumber) =>
      this.listCustomers({ pageNumber, pageSize: 50, sort: 'customerId' }, signal),
    );
  }

  /** Query Available Shared Trunks: own trunks plus authorised ones (FACTS 1.8.W). */
  async sharedTrunks(signal?: AbortSignal): Promise<SharedTrunk[]> {
    return this.list<SharedTrunk>(`${API}/v1/shared_trunk/name/acl`, {}, signal);
  }

  /** Query All the DID Numbers, one page, with optional fuzzy search (FACTS 1.8.X). */
  async listDids(
    query: PageQuery & { search?: string } = {},
    signal?: AbortSignal,
  ): Promise<YcmPage<DidNumber>> {
    return this.page<DidNumber>(`${API}/v1/did_management`, query, { search: query.search }, signal);
  }

  /** Every DID matching `search`, reading pages of 50. */
  async allDids(search?: string, signal?: AbortSignal): Promise<DidNumber[]> {
    return allPages((pageNumber) =>
      this.listDids({ pageNumber, pageSize: 50, ...(search ? { search } : {}) }, signal),
    );
  }

  /** DIDs of a trunk assignable to a PBX (FACTS 1.8.X "usable"). */
  async usableDids(trunkId: number, cloudPbxId?: number, signal?: AbortSignal): Promise<DidNumber[]> {
    return this.list<DidNumber>(`${API}/v1/did_management/usable`, { trunkId, cloudPbxId }, signal);
  }

  /**
   * Subscription quotas (FACTS 1.8.Y) of a YCM user. Without `userId`: the caller's own, read from
   * `/v1/subscription` (listed, fields NOT FOUND in FACTS 1.7); where that path does not exist, the
   * single user that Query All the YCM Users returns is taken as the caller.
   */
  async subscriptionInfo(userId?: number, signal?: AbortSignal): Promise<SubscriptionInfo> {
    if (userId !== undefined) {
      const r = await this.call('GET', `${API}/v1/users/${userId}/subscription_info`, { signal });
      return (r.data ?? {}) as SubscriptionInfo;
    }
    try {
      return ((await this.call('GET', `${API}/v1/subscription`, { signal })).data ?? {}) as SubscriptionInfo;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const users = await this.page<{ userId: number }>(`${API}/v2/users`, { pageSize: 50 }, {}, signal);
      const only = users.list.length === 1 ? users.list[0] : undefined;
      if (!only) throw error;
      return this.subscriptionInfo(only.userId, signal);
    }
  }

  private async list<T>(path: string, query: Record<string, QueryValue>, signal?: AbortSignal): Promise<T[]> {
    const r = await this.call('GET', path, { query, signal });
    if (!Array.isArray(r.data)) throw new IncompleteReplyError(this.where('GET', path, r, 'data[]'));
    return r.data as T[];
  }

  /** `data[field]` as an array of ids, or the typed error of a reply without it. */
  private numbers(r: YcmResult, method: HttpMethod, path: string, field: string): number[] {
    const list = asObject(r.data)?.[field];
    if (!Array.isArray(list)) throw new IncompleteReplyError(this.where(method, path, r, `data.${field}`));
    return list.map((v) => idOf(v) ?? Number.NaN).filter((n) => !Number.isNaN(n));
  }

  /** What an IncompleteReplyError says about the call. */
  private where(method: HttpMethod, path: string, r: YcmResult, field: string) {
    return { system: 'ycm' as const, method, path, status: 200, requestId: r.requestId, field };
  }

  private async page<T>(
    path: string,
    q: PageQuery,
    extra: Record<string, QueryValue>,
    signal?: AbortSignal,
  ): Promise<YcmPage<T>> {
    const query = {
      ...extra,
      pageNumber: q.pageNumber ?? 1,
      pageSize: clampPageSize(q.pageSize, 50),
      sort: q.sort,
    };
    const r = await this.call('GET', path, { query, signal });
    const data = r.data as Partial<YcmPage<T>> | undefined;
    if (!Array.isArray(data?.list)) throw new IncompleteReplyError(this.where('GET', path, r, 'data.list'));
    return {
      pageSize: data?.pageSize ?? query.pageSize,
      pageNumber: data?.pageNumber ?? query.pageNumber,
      total: data?.total ?? 0,
      list: data.list,
    };
  }

  private async call(method: HttpMethod, path: string, options: CallOptions): Promise<YcmResult> {
    for (let attempt = 0; ; attempt++) {
      const authorization = await this.tokens.authorization(options.signal);
      const request = {
        method,
        path,
        headers: { Authorization: authorization },
        secrets: [authorization, this.options.clientSecret],
      };
      try {
        return await sendRequest(this.ctx, { ...request, ...definedOptions(options) }, interpretYcm);
      } catch (error) {
        // FACTS 1.2.4: expired or revoked token. The call was refused, so sending it again is safe.
        const tokenRejected =
          error instanceof AuthError && typeof error.code === 'number' && YCM_TOKEN_CODES.has(error.code);
        if (!tokenRejected || attempt > 0) throw error;
        this.tokens.invalidate(authorization);
      }
    }
  }

  private requestToken(form: Record<string, string>, signal?: AbortSignal): Promise<IssuedToken> {
    const secrets = [this.options.clientSecret, ...(form['refresh_token'] ? [form['refresh_token']] : [])];
    const request = { method: 'POST' as const, path: `${API}/oauth/token`, form, idempotent: true, secrets };
    return sendRequest(this.ctx, signal ? { ...request, signal } : request, interpretYcmToken);
  }
}

function definedOptions(options: CallOptions): Omit<CallOptions, 'signal'> & { signal?: AbortSignal } {
  const { signal, ...rest } = options;
  return signal ? { ...rest, signal } : rest;
}

/** The value as a plain object, or undefined. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * A YCM id (Long/Integer, FACTS 1.8) as a number: a positive safe integer, given as a number, a
 * digit string, a bigint or a lossless-JSON number object (whose text is its digits); undefined
 * for anything else (never NaN).
 */
export function idOf(value: unknown): number | undefined {
  const text =
    typeof value === 'string' || typeof value === 'bigint' || (typeof value === 'object' && value !== null)
      ? String(value)
      : undefined;
  const n =
    typeof value === 'number' ? value : text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
