/**
 * Reading YCM replies (FACTS 1.3). Success is `{data?, requestId, status:"Success", time}`;
 * failure is `status:"Failed"` **whatever the HTTP status** (sibling Yeastar APIs send failures
 * with HTTP 200), and the error field names are not documented, so any of
 * `errorCode|errcode|errno|code` and `errorMsg|errmsg|message|msg` is accepted. Token replies are
 * flat `{access_token, refresh_token, token_type, expires_in}` (FACTS 1.2.1).
 */
import { RateLimitError, ServerError, redact, ycmErrorClass } from './errors.ts';
import type { ApiError } from './errors.ts';
import { asRecord, secretsOf } from './http.ts';
import type { HttpReply, HttpRequest } from './http.ts';
import { parseRetryAfter } from './pacing.ts';
import type { IssuedToken } from './token-cache.ts';

export interface YcmResult {
  data: unknown;
  requestId: string | undefined;
}

const CODE_FIELDS = ['errorCode', 'errcode', 'errno', 'code'] as const;
const MESSAGE_FIELDS = ['errorMsg', 'errmsg', 'message', 'msg'] as const;
const DETAIL_FIELDS = ['errorDetail', 'detail', 'detailMessage'] as const;

/** The envelope's data and requestId, or throws the typed error the reply describes. */
export function interpretYcm(reply: HttpReply, request: HttpRequest): YcmResult {
  const body = asRecord(reply.body);
  const ok =
    reply.status >= 200 && reply.status < 300 && reply.body !== undefined && body['status'] !== 'Failed';
  if (ok) return { data: body['data'], requestId: stringField(body, 'requestId') };
  throw ycmError(reply, request);
}

/** A token from a flat token reply, or throws the typed error (bad credentials are 1000002). */
export function interpretYcmToken(reply: HttpReply, request: HttpRequest): IssuedToken {
  const body = asRecord(reply.body);
  const access = body['access_token'];
  if (
    reply.status >= 200 &&
    reply.status < 300 &&
    typeof access === 'string' &&
    body['status'] !== 'Failed'
  ) {
    const token: IssuedToken = {
      authorization: `Bearer ${access}`,
      expiresInSeconds: toNumber(body['expires_in']) ?? 1800, // FACTS 1.2.4: 30 minutes
    };
    const refresh = body['refresh_token'];
    if (typeof refresh === 'string') token.refreshToken = refresh;
    return token;
  }
  throw ycmError(reply, request);
}

/** The vendor code of a YCM failure body, as a number when it is numeric. */
export function ycmCode(body: Record<string, unknown>): number | string | undefined {
  for (const field of CODE_FIELDS) {
    const value = body[field];
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && value !== '') return toNumber(value) ?? value;
  }
  return undefined;
}

function ycmError(reply: HttpReply, request: HttpRequest): ApiError {
  const body = asRecord(reply.body);
  const code = ycmCode(body);
  const secrets = secretsOf(request);
  const base = {
    system: 'ycm' as const,
    method: request.method,
    path: request.path,
    status: reply.status,
    requestId: stringField(body, 'requestId'),
  };
  if (reply.body === undefined && reply.status < 400) {
    const kind = reply.headers.get('content-type') ?? 'no content type';
    return new ServerError({
      ...base,
      retryable: true,
      detail: `unreadable reply (HTTP ${reply.status}, ${kind})`,
    });
  }
  const message = firstString(body, MESSAGE_FIELDS);
  const detail = firstString(body, DETAIL_FIELDS);
  const vendorMessage = redact([message, detail].filter(Boolean).join(': '), secrets) || undefined;
  const init = {
    ...base,
    ...(code === undefined ? {} : { code }),
    ...(vendorMessage ? { vendorMessage } : {}),
  };
  const Cls = ycmErrorClass(typeof code === 'number' ? code : undefined, reply.status);
  if (Cls === RateLimitError) {
    const retryAfterMs = parseRetryAfter(reply.headers.get('retry-after'));
    return new RateLimitError(retryAfterMs === undefined ? init : { ...init, retryAfterMs });
  }
  return new Cls({ ...init, retryable: Cls === ServerError });
}

function firstString(body: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = body[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function stringField(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  return typeof value === 'string' ? value : undefined;
}

function toNumber(value: unknown): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim() !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}
