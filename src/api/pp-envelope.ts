/**
 * Reading Partner Portal replies (FACTS 2.3): `{code, detailMessage, requestId, result, status}`,
 * `code:"success"` on success, `status` mirroring the HTTP status. The error-code list is NOT
 * FOUND, so the class follows the HTTP status; `result` may name the offending field.
 */
import { RateLimitError, ServerError, httpErrorClass, redact } from './errors.ts';
import { asRecord, secretsOf } from './http.ts';
import type { HttpReply, HttpRequest } from './http.ts';
import { parseRetryAfter } from './pacing.ts';

export interface PpResult {
  result: unknown;
  requestId: string | undefined;
  /** The portal's own time of the reply (its `Date` header), in ms; undefined without one. */
  dateMs?: number;
}

/** The reply's `Date` header as ms since the epoch, if it has a readable one. */
export function replyDateMs(reply: HttpReply): number | undefined {
  const ms = Date.parse(reply.headers.get('date') ?? '');
  return Number.isNaN(ms) ? undefined : ms;
}

/** The PP envelope's result, or the typed error it describes (FACTS 2.3). */
export function interpretPp(reply: HttpReply, request: HttpRequest): PpResult {
  const body = asRecord(reply.body);
  const requestId = typeof body['requestId'] === 'string' ? body['requestId'] : undefined;
  if (reply.status >= 200 && reply.status < 300 && body['code'] === 'success') {
    const dateMs = replyDateMs(reply);
    return { result: body['result'], requestId, ...(dateMs !== undefined && { dateMs }) };
  }
  const status = typeof body['status'] === 'number' && body['status'] >= 400 ? body['status'] : reply.status;
  const base = {
    system: 'pp' as const,
    method: request.method,
    path: request.path,
    status: reply.status,
    requestId,
  };
  if (reply.body === undefined && reply.status < 400) {
    return throwing(
      new ServerError({ ...base, retryable: true, detail: `unreadable reply (HTTP ${reply.status})` }),
    );
  }
  const code = typeof body['code'] === 'string' ? body['code'] : undefined;
  const detail = typeof body['detailMessage'] === 'string' ? body['detailMessage'] : '';
  const field = asRecord(body['result'])['field'];
  const vendorMessage =
    redact(
      [detail, typeof field === 'string' ? `(field ${field})` : ''].filter(Boolean).join(' '),
      secretsOf(request),
    ) || undefined;
  const init = { ...base, code, vendorMessage };
  if (status === 429 || (code !== undefined && /rate.?limit/i.test(code))) {
    return throwing(
      new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(reply.headers.get('retry-after')) }),
    );
  }
  const Cls = httpErrorClass(status) ?? ServerError;
  return throwing(new Cls({ ...init, retryable: Cls === ServerError }));
}

function throwing(error: Error): never {
  throw error;
}
