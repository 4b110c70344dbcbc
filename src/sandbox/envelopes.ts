/**
 * Reply shapes of the three systems and the errors route handlers throw. Handlers return a `Reply`
 * or throw a `*Failure`; server.ts turns failures into each system's documented error envelope.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Assumptions, YcmCode } from './assumptions.ts';

/** What a route handler answers; `body: undefined` sends an empty body. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A YCM rejection (FACTS 1.3 failure envelope, codes of 1.5). */
export class YcmFailure extends Error {
  constructor(
    readonly ycm: YcmCode,
    readonly detail: string,
  ) {
    super(`${ycm.msg}: ${detail}`);
  }
}

/** A Partner Portal rejection (FACTS 2.3: `status` mirrors the HTTP status). */
export class PpFailure extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: string,
    readonly detail: string,
    readonly result: unknown = null,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** A MyReports rejection (FACTS 3.3); 401 is always sent with no body. */
export class MrFailure extends Error {
  constructor(
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }
}

/** Unix seconds, as every YCM time field (FACTS 1.1). */
export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** YCM success: `{data?, requestId, status:"Success", time}` (FACTS 1.3). */
export function ycmOk(nowMs: number, data?: unknown): Reply {
  const body: Record<string, unknown> = {};
  if (data !== undefined) body['data'] = data;
  Object.assign(body, { requestId: randomUUID(), status: 'Success', time: unixSeconds(nowMs) });
  return { status: 200, body };
}

/** YCM failure envelope with the assumed field names (assumptions.ts, FACTS 4.1.1). */
export function ycmFailed(
  a: Assumptions,
  nowMs: number,
  code: YcmCode,
  detail?: string,
  httpStatus?: number,
): Reply {
  const body: Record<string, unknown> = {
    requestId: randomBytes(16).toString('hex'),
    status: 'Failed',
    time: unixSeconds(nowMs),
    [a.ycmErrorCodeField]: code.code,
    [a.ycmErrorMsgField]: code.msg,
  };
  if (a.ycmIncludeErrorDetail && detail) body['errorDetail'] = detail;
  return { status: httpStatus ?? a.ycmFailureHttpStatus, body };
}

/** PP envelope `{code, detailMessage, requestId, result, status}` (FACTS 2.3). */
export function ppReply(status: number, code: string, detailMessage: string, result: unknown): Reply {
  return {
    status,
    body: { code, detailMessage, requestId: randomBytes(16).toString('hex'), result, status },
  };
}

/** PP success. */
export function ppOk(result: unknown): Reply {
  return ppReply(200, 'success', '', result);
}

/** ISO-8601 with 7 fractional digits, as the MyReports examples (FACTS 3.3). */
export function mrTimestamp(nowMs: number): string {
  return new Date(nowMs).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** MyReports success `{data, status:"success", timestamp}`; `data` omitted for PATCH/DELETE. */
export function mrOk(
  nowMs: number,
  data?: unknown,
  extra: Record<string, unknown> = {},
  status = 200,
): Reply {
  const body: Record<string, unknown> = { ...extra };
  if (data !== undefined) body['data'] = data;
  body['status'] = 'success';
  body['timestamp'] = mrTimestamp(nowMs);
  return { status, body };
}

/** MyReports error `{error, message, status:"error", timestamp}`; 401 has no body (FACTS 3.3). */
export function mrError(nowMs: number, httpStatus: number, message: string): Reply {
  if (httpStatus === 401) return { status: 401 };
  return {
    status: httpStatus,
    body: { error: httpStatus, message, status: 'error', timestamp: mrTimestamp(nowMs) },
  };
}
