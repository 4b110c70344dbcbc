/**
 * MyReports (Xarios Dimensions, enterprise portal) client (FACTS section 3). The bearer token and
 * the account tenant id come from configuration (the vendor offers only the authorization-code
 * grant, FACTS 3.2). Replies are `{data, status:"success", timestamp}` or
 * `{error, message, status:"error", timestamp}`; 401 comes with no body (FACTS 3.3).
 */
import {
  AuthError,
  IncompleteReplyError,
  IncompleteWriteReplyError,
  RateLimitError,
  ServerError,
  httpErrorClass,
  redact,
} from './errors.ts';
import { asRecord, httpContext, secretsOf, sendRequest } from './http.ts';
import type {
  HttpContext,
  HttpEvent,
  HttpMethod,
  HttpReply,
  HttpRequest,
  HttpStats,
  QueryValue,
} from './http.ts';
import { parseRetryAfter } from './pacing.ts';
import type { PacingOptions } from './pacing.ts';
import type { MrCustomer, MrInstanceLookup, MrProfile } from './types.ts';

export interface MyReportsClientOptions {
  /** e.g. https://api.na.myreports.cloud/api (FACTS 3.1). */
  baseUrl: string;
  token: string;
  accountId: string;
  pacing?: PacingOptions;
  onEvent?: (event: HttpEvent) => void;
}

interface MrResult {
  body: Record<string, unknown>;
  headers: Headers;
  status: number;
}

interface CallOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
  idempotent?: boolean;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/**
 * Sent on profile creation exactly as both seeds/002 examples do: creating a profile is billed and
 * the header acknowledges the charge (FACTS 3.2).
 */
export const ACCEPT_CHARGES = { 'accept-charges': 'true' } as const;

const V = '/v1.0';
const SECRET_FIELD = /^(apiKey|password|licenseKey)$/i;

/** Typed MyReports client; every method throws an ApiError subclass on failure. */
export class MyReportsClient {
  private readonly ctx: HttpContext;
  /** Requests sent, retries and rate-limit replies so far. */
  get stats(): HttpStats {
    return this.ctx.stats;
  }

  constructor(private readonly options: MyReportsClientOptions) {
    this.ctx = httpContext('myreports', 'MyReports base URL', options);
  }

  /** One page of the account's customers, optionally filtered by name/reference (FACTS 3.4.2). */
  async listCustomers(
    query: { pageIndex?: number; pageSize?: number; filter?: string } = {},
    signal?: AbortSignal,
  ): Promise<MrCustomer[]> {
    const q = { pageIndex: query.pageIndex ?? 0, pageSize: query.pageSize ?? 1000, filter: query.filter };
    const path = `${this.account()}/customers`;
    const r = await this.call('GET', path, { query: q, signal });
    return this.list<MrCustomer>(r, path);
  }

  /** Every customer of the account (pageIndex is 0-based, pageSize at most 1,000). */
  async allCustomers(filter?: string, signal?: AbortSignal): Promise<MrCustomer[]> {
    const all: MrCustomer[] = [];
    for (let pageIndex = 0; pageIndex < 1000; pageIndex++) {
      const page = await this.listCustomers(
        { pageIndex, pageSize: 1000, ...(filter ? { filter } : {}) },
        signal,
      );
      all.push(...page);
      if (page.length < 1000) break;
    }
    return all;
  }

  /**
   * Create a PBX profile (FACTS 3.4.3, seeds/002): 201 + Location, with the `accept-charges: true`
   * header the seed sends. Not retried (a lost reply is an AmbiguousWriteError; `lookupInstance`
   * tells whether it was applied). New profiles start disabled. The id is `data.id`, or the last
   * segment of the Location header (the seed's 3CX reply echoes the profile without an id); a
   * reply with neither is an IncompleteWriteReplyError (the profile may exist).
   */
  async createProfile(
    customerId: string,
    profile: MrProfile,
    signal?: AbortSignal,
  ): Promise<{ id: string; location: string | undefined; profile: MrProfile }> {
    const path = this.profiles(customerId);
    const r = await this.call('POST', path, { json: profile, headers: { ...ACCEPT_CHARGES }, signal });
    const data = asRecord(r.body['data']) as Partial<MrProfile>;
    const location = r.headers.get('location')?.trim() || undefined;
    const fromLocation = location
      ?.replace(/[>\s]+$/, '')
      .split(/[/<]/)
      .filter(Boolean)
      .pop();
    const id = typeof data.id === 'string' && data.id !== '' ? data.id : fromLocation;
    if (!id)
      throw new IncompleteWriteReplyError({
        system: 'myreports',
        method: 'POST',
        path,
        status: r.status,
        field: 'data.id (or a Location header)',
      });
    // The vendor echoes the profile; its secrets are dropped so the result can go into a report.
    const echoed = Object.fromEntries(Object.entries(data).filter(([key]) => !SECRET_FIELD.test(key)));
    return { id, location, profile: { _type: profile._type, name: profile.name, ...echoed } as MrProfile };
  }

  /** The customer's PBX profiles. */
  async listProfiles(customerId: string, signal?: AbortSignal): Promise<MrProfile[]> {
    const path = this.profiles(customerId);
    return this.list<MrProfile>(await this.call('GET', path, { signal }), path);
  }

  /** One PBX profile. */
  async getProfile(customerId: string, profileId: string, signal?: AbortSignal): Promise<MrProfile> {
    const r = await this.call('GET', `${this.profiles(customerId)}/${encodeURIComponent(profileId)}`, {
      signal,
    });
    return asRecord(r.body['data']) as MrProfile;
  }

  /** Delete (disconnect) a PBX profile. */
  async deleteProfile(customerId: string, profileId: string, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `${this.profiles(customerId)}/${encodeURIComponent(profileId)}`, { signal });
  }

  /**
   * Start collection on a profile with the documented JSON Patch (FACTS 3.4.3; the example sends
   * the string "true"). Setting an absolute value, so it is safe to re-send; note that any PATCH
   * restarts the vendor's collector.
   */
  async enableProfile(customerId: string, profileId: string, signal?: AbortSignal): Promise<void> {
    const json = [{ op: 'replace', path: '/enabled', value: 'true' }];
    await this.call('PATCH', `${this.profiles(customerId)}/${encodeURIComponent(profileId)}`, {
      json,
      idempotent: true,
      signal,
    });
  }

  /** Is this PBX instance (Kazoo account id, 3CX licence key, Teams tenant) attached anywhere? */
  async lookupInstance(instanceId: string, signal?: AbortSignal): Promise<MrInstanceLookup> {
    const path = `${V}/pbxs`;
    const r = await this.call('GET', path, { query: { instanceId }, signal });
    const data = asRecord(r.body['data']);
    if (typeof data['exists'] !== 'boolean')
      throw new IncompleteReplyError({
        system: 'myreports',
        method: 'GET',
        path,
        status: r.status,
        field: 'data.exists',
      });
    const out: MrInstanceLookup = { exists: data['exists'] };
    for (const key of ['instanceId', 'id', 'tenantId'] as const) {
      const value = data[key];
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  }

  /** `data` of a list reply (FACTS 3.3), or the typed error of a reply without it. */
  private list<T>(r: MrResult, path: string): T[] {
    const data = r.body['data'];
    if (!Array.isArray(data))
      throw new IncompleteReplyError({
        system: 'myreports',
        method: 'GET',
        path,
        status: r.status,
        field: 'data[]',
      });
    return data as T[];
  }

  private account(): string {
    return `${V}/accounts/${encodeURIComponent(this.options.accountId)}`;
  }

  private profiles(customerId: string): string {
    return `${this.account()}/customers/${encodeURIComponent(customerId)}/pbxs`;
  }

  private call(method: HttpMethod, path: string, options: CallOptions): Promise<MrResult> {
    const { signal, headers, ...rest } = options;
    const authorization = `Bearer ${this.options.token}`;
    const request: HttpRequest = {
      method,
      path,
      ...rest,
      headers: { ...headers, Authorization: authorization },
      secrets: [this.options.token],
    };
    if (signal) request.signal = signal;
    return sendRequest(this.ctx, request, interpretMyReports);
  }
}

/** The reply's body, or the typed error it describes (FACTS 3.3). */
export function interpretMyReports(reply: HttpReply, request: HttpRequest): MrResult {
  const body = asRecord(reply.body);
  if (reply.status >= 200 && reply.status < 300 && body['status'] !== 'error')
    return { body, headers: reply.headers, status: reply.status };
  const base = {
    system: 'myreports' as const,
    method: request.method,
    path: request.path,
    status: reply.status,
  };
  if (reply.status === 401) {
    throw new AuthError({ ...base, detail: 'HTTP 401: the MyReports token is missing, invalid or expired' });
  }
  const message =
    typeof body['message'] === 'string' ? redact(body['message'], secretsOf(request)) : undefined;
  const code =
    typeof body['error'] === 'number' || typeof body['error'] === 'string' ? body['error'] : undefined;
  if (reply.status === 429) {
    throw new RateLimitError({
      ...base,
      code,
      vendorMessage: message,
      retryAfterMs: parseRetryAfter(reply.headers.get('retry-after')),
    });
  }
  const Cls = httpErrorClass(reply.status) ?? ServerError;
  throw new Cls({
    ...base,
    code,
    vendorMessage: message,
    retryable: Cls === ServerError || reply.status >= 500,
  });
}
