/**
 * The typed error hierarchy of the three API clients (STYLE.md habit 5). Every failure of a
 * vendor call is an `ApiError` subclass that says which system, which call, what the vendor
 * answered and under which requestId, so a report row can show it and the engine can decide
 * what to do (retry, check, give up). Messages never carry a secret: the path is given without
 * its query string, and any secret value sent with the request is masked in echoed text.
 */

export type ApiSystem = 'ycm' | 'pp' | 'myreports';

export interface ApiErrorInit {
  system: ApiSystem;
  method: string;
  /** Request path without query string. */
  path: string;
  /** HTTP status, when a reply was received. */
  status?: number | undefined;
  /** Vendor error code (YCM: 7-digit number; PP: snake_case key; MyReports: HTTP status). */
  code?: string | number | undefined;
  vendorMessage?: string | undefined;
  requestId?: string | undefined;
  retryable?: boolean | undefined;
  cause?: unknown;
  /** Overrides the generated "what failed" part of the message. */
  detail?: string | undefined;
}

const SYSTEM_LABEL: Record<ApiSystem, string> = { ycm: 'YCM', pp: 'Partner Portal', myreports: 'MyReports' };

/** Base class of every vendor-call failure. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly system: ApiSystem;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly vendorMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(init: ApiErrorInit) {
    super(formatMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.system = init.system;
    this.method = init.method;
    this.path = stripQuery(init.path);
    this.status = init.status;
    this.code = init.code;
    this.vendorMessage = init.vendorMessage;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
  }
}

/** Bad credentials, expired/invalid token, access or permission denied (YCM 1000002/33/35/36/42/43, HTTP 401/403). */
export class AuthError extends ApiError {
  override name = 'AuthError';
}
/** The vendor rejected the request's content (YCM 1000004, HTTP 400/422). */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
}
/** Unknown id (YCM 1000005, HTTP 404). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}
/** Duplicate (YCM 1000007 DATA_ALREADY_EXISTS, 1000019 EMAIL_ADDRESS_ALREADY_EXISTS, HTTP 409). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}
/** Rate limited (YCM 1000040, HTTP 429): the request was NOT applied, so it may be re-sent. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super({ ...init, retryable: true });
    this.retryAfterMs = init.retryAfterMs;
  }
}
/** Vendor-side failure (YCM 1000001/1000012, HTTP 5xx, an unreadable reply). */
export class ServerError extends ApiError {
  override name = 'ServerError';
}
/** The connection failed (refused, reset, DNS...). */
export class NetworkError extends ApiError {
  override name = 'NetworkError';
}
/** No reply within the client timeout. */
export class TimeoutError extends ApiError {
  override name = 'TimeoutError';
}
/**
 * A non-idempotent request (create, order) was sent but no reply came back (reset, timeout):
 * it may or may not have been applied. Never retry blindly: look the object up first.
 */
export class AmbiguousWriteError extends ApiError {
  override name = 'AmbiguousWriteError';
}

/**
 * A success reply (2xx, vendor status success) without a field the caller needs: a create's id,
 * a list's array (issue 15 item 7). Never read as `NaN`, `''` or an empty list. `field` is the
 * path in the reply (`data.cloudPbxId`); the message names the endpoint and the requestId.
 */
export class IncompleteReplyError extends ApiError {
  override name = 'IncompleteReplyError';
  readonly field: string;
  constructor(init: ApiErrorInit & { field: string }) {
    super({ ...init, retryable: false, detail: init.detail ?? `the success reply has no ${init.field}` });
    this.field = init.field;
  }
}
/**
 * A create's success reply without the new object's id: the object most likely exists, so this is
 * an ambiguous write (look it up by its natural key before anything else), never a plain failure.
 */
export class IncompleteWriteReplyError extends AmbiguousWriteError {
  override name = 'IncompleteWriteReplyError';
  readonly field: string;
  constructor(init: ApiErrorInit & { field: string }) {
    super({
      ...init,
      retryable: false,
      detail:
        init.detail ??
        `the success reply has no ${init.field}; the object may have been created, check before re-sending`,
    });
    this.field = init.field;
  }
}

/** Error in the configuration of a target (bad base URL, missing variable). Holds no secret. */
export class TargetConfigError extends Error {
  override name = 'TargetConfigError';
}

export type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

// FACTS 1.5: the partial YCM error table, grouped by what a caller can do about it.
const YCM_CODE_CLASS = new Map<number, ApiErrorClass>([
  [1000002, AuthError], // AUTHENTICATION_FAILED
  [1000033, AuthError], // INVALID_CLIENT
  [1000035, AuthError], // TOKEN_EXPIRED
  [1000036, AuthError], // INVALID_TOKEN
  [1000042, AuthError], // ACCESS_DENIED
  [1000043, AuthError], // PERMISSION_DENIED
  [1000004, ValidationError], // INVALID_PARAMETER
  [1000005, NotFoundError], // DATA_NOT_FOUND
  [1000007, ConflictError], // DATA_ALREADY_EXISTS
  [1000019, ConflictError], // EMAIL_ADDRESS_ALREADY_EXISTS
  [1000040, RateLimitError], // RATE_LIMIT_EXCEEDED
  [1000001, ServerError], // SERVER_ERROR
  [1000012, ServerError], // DATABASE_ERROR
]);

/** YCM codes that mean "get a new token and try once more" (FACTS 1.2.4). */
export const YCM_TOKEN_CODES: ReadonlySet<number> = new Set([1000035, 1000036]);
/** YCM rate-limit code (FACTS 1.4). */
export const YCM_RATE_LIMIT_CODE = 1000040;

/** The error class for a YCM vendor code, falling back on the HTTP status. */
export function ycmErrorClass(code: number | undefined, httpStatus: number): ApiErrorClass {
  const byCode = code === undefined ? undefined : YCM_CODE_CLASS.get(code);
  return byCode ?? httpErrorClass(httpStatus) ?? ValidationError;
}

/** The error class for an HTTP status, or undefined for a status that is not an error. */
export function httpErrorClass(status: number): ApiErrorClass | undefined {
  if (status === 401 || status === 403) return AuthError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  if (status >= 400) return ValidationError;
  return undefined;
}

const SECRET_KEY = /token|secret|password|apikey|api_key|authorization|licensekey/i;

/** Every string value in `value` held under a key that names a secret (for masking). */
export function collectSecrets(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectSecrets(item, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEY.test(key) && typeof inner === 'string' && inner.length >= 3) out.push(inner);
      else collectSecrets(inner, out);
    }
  }
  return out;
}

/** `text` with every known secret value and every `"secretKey":"value"` pair masked. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 3) out = out.split(secret).join('***');
  return out
    .replace(/("[^"]*(?:token|secret|password|apiKey|api_key|licenseKey)[^"]*"\s*:\s*)"[^"]*"/gi, '$1"***"')
    .replace(/((?:token|secret|password|apiKey|api_key|licenseKey)[^=&\s]*=)[^&\s]+/gi, '$1***')
    .replace(/(Bearer\s+)[\w.~+/=-]+/gi, '$1***');
}

/** The path part of a URL or path, without query string or fragment. */
export function stripQuery(path: string): string {
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

function formatMessage(init: ApiErrorInit): string {
  const where = `${SYSTEM_LABEL[init.system]} ${init.method} ${stripQuery(init.path)}`;
  const vendor = [init.code, init.vendorMessage].filter((v) => v !== undefined && v !== '').join(' ');
  const what = init.detail ?? (vendor || (init.status === undefined ? 'no reply' : `HTTP ${init.status}`));
  const extras = [
    init.status !== undefined && init.detail === undefined && vendor ? `HTTP ${init.status}` : undefined,
    init.requestId ? `requestId ${init.requestId}` : undefined,
  ].filter((v): v is string => v !== undefined);
  return `${where} failed: ${redact(what)}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}
