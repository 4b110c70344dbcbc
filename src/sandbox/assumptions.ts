/**
 * Every behaviour of the sandbox that FACTS marks [NOT FOUND] (or only [INFER]) is chosen here, named,
 * and overridable through `startSandbox({ assumptions })`, so a client can be tested against both
 * plausible variants (e.g. a rate-limit reply with HTTP 200 and with HTTP 429).
 */

/** A YCM error as the sandbox reports it: 7-digit code plus UPPER_SNAKE message (FACTS 1.5). */
export interface YcmCode {
  code: number;
  msg: string;
}

export interface Assumptions {
  /** FACTS 1.3 / 4.1.1: HTTP status of a YCM `status:"Failed"` reply (sibling Yeastar APIs use 200). */
  ycmFailureHttpStatus: number;
  /** FACTS 1.3: failure body field names (`errorCode`/`errorMsg` by default). */
  ycmErrorCodeField: string;
  ycmErrorMsgField: string;
  /** Adds a human-readable `errorDetail` to YCM failures (not documented; helps reports). */
  ycmIncludeErrorDetail: boolean;
  /** FACTS 1.4 / 4.1.2: HTTP status of a rate-limited reply, 200 (default) or 429. */
  rateLimitHttpStatus: number;
  /** Seconds to put in a `Retry-After` header on rate-limited replies; null = no header (FACTS 1.4). */
  rateLimitRetryAfterSeconds: number | null;
  /** The bucket is per client id (FACTS 1.4); whether token requests also take a token. */
  rateLimitTokenCalls: boolean;
  /** PP rate limits are not documented (FACTS 2.3): the bucket applies to PP only when true. */
  rateLimitPp: boolean;
  /** FACTS 1.6: what a list call does with pageSize > 50: reject with 1000004, or clamp to 50. */
  pageSizeOverMax: 'reject' | 'clamp';
  /** Code for a reference to an unknown id inside a body (FACTS 1.5 suggested mapping). */
  unknownReference: YcmCode;
  /** Code for a subDomain already used on the domain (FACTS 1.5 suggests 1000007). */
  subDomainTaken: YcmCode;
  /** Code for a request the PBX firmware does not support (DID binding below 84.19.0.22). */
  firmwareTooOld: YcmCode;
  /** Code for a subscription quota (extensions, calls, recording minutes) that would be exceeded. */
  quotaExceeded: YcmCode;
  /** Code for a DID that is not usable (other trunk, bound elsewhere). */
  didNotUsable: YcmCode;
  /** Upper bound of extensionCapacity per PBX (seeds/003: "a maximum number of 500 extensions"). */
  maxExtensionsPerPbx: number;
  /** Create with trunkDidRelations on firmware < 84.19.0.22: reject (default) or silently ignore. */
  createDidOnOldFirmware: 'reject' | 'ignore';
  /** A YCM-created PBX needs a PP billing cycle for orders; YCM does not say which one. */
  ycmCreatedBillingCycle: 'monthly' | 'annually';
  /** Jackson-style coercion of "20" → 20 and "true" → true (seeds/000 sends autoActivated "true"). */
  coerceScalarStrings: boolean;
  /** FACTS 2.3: PP validation failure: HTTP status and `code`. */
  ppValidationStatus: number;
  ppValidationCode: string;
  /** FACTS 2.3: PP bad or missing token / bad credentials. */
  ppAuthStatus: number;
  ppInvalidTokenCode: string;
  ppTokenExpiredCode: string;
  ppBadCredentialsCode: string;
  /** PP unknown resource (order id, product) — not documented. */
  ppNotFoundStatus: number;
  ppNotFoundCode: string;
  /** PP access-token lifetime in seconds (FACTS 2.2: 30 min). */
  ppAccessTokenSeconds: number;
  /**
   * FACTS 2.4.2 / 4.2.4: the purchase_product_info result is NOT FOUND. The sandbox answers
   * `{offeringId, productId, productName, planList:[{planId, name}], serviceList:[{serviceId, name}]}`
   * with the ids as JSON numbers above 2^53 (as seed 003 sends them) when true, as strings when false.
   */
  ppCatalogIdsAsNumbers: boolean;
  /**
   * Seed 003 sends `billingId`, `connectionPlanId` and `serviceId` as JSON numbers; whether the
   * portal also takes them quoted is not documented. True: a quoted id is refused.
   */
  ppRequireNumericIds: boolean;
  /** A new order stays `pending` this long (sandbox clock) before it settles (FACTS 2.4.10 lists `pending`). */
  ppOrderPendingMs: number;
  /** The status an order settles in: `succeed` (seed 003), or e.g. `failed` to rehearse a refused order. */
  ppOrderFinalStatus: string;
  /**
   * MyReports profile creation without `accept-charges: true` (both seeds/002 examples send it;
   * FACTS 3.2: "its absence may be refused", the reply is NOT FOUND): refused with this HTTP status
   * and the error envelope of FACTS 3.3, or accepted when null.
   */
  mrMissingAcceptChargesStatus: number | null;
  /**
   * 3CX profiles (FACTS 3.5, 4.3.3: field types NOT FOUND): when true, only the seeds/002 shapes
   * are accepted (`licenseKey`, `username`, `password` required strings; `enableRecordingArchive`
   * the string "true"/"false"; `recordingArchiveFrequency` "HH:MM:SS"), else 400.
   */
  mr3cxSeedTypesOnly: boolean;
  /**
   * A DID-binding PUT without `customSipHeadersBindings` on firmware 84.22.0.134+ (seeds/004: the
   * list sent "will completely overwrite all existing custom SIP headers"; the field is optional and
   * what its absence does is not said): 'keep' the PBX's headers (default; what a row's
   * 'unchanged' relies on) or 'clear' them.
   */
  didPutWithoutSipHeaders: 'keep' | 'clear';
  /**
   * A new PBX is not Running at once (seeds/001 pbxStatus; FACTS 1.8.H infers Stopped→Starting→
   * Running): its status for its first `newPbxStartingMs` ms (0 = Running at once). How long a real
   * PBX takes is not documented; the default is short so runs exercise the wait.
   */
  newPbxStatus: string;
  newPbxStartingMs: number;
  /**
   * DID binding and resize of a PBX that is not Running: refused with this code (not documented;
   * null accepts them).
   */
  pbxNotRunning: YcmCode | null;
}

/** The defaults: the most likely behaviour according to FACTS 1.3, 1.4, 1.5, 2.3, 3.3. */
export const DEFAULT_ASSUMPTIONS: Assumptions = {
  ycmFailureHttpStatus: 200,
  ycmErrorCodeField: 'errorCode',
  ycmErrorMsgField: 'errorMsg',
  ycmIncludeErrorDetail: true,
  rateLimitHttpStatus: 200,
  rateLimitRetryAfterSeconds: null,
  rateLimitTokenCalls: true,
  rateLimitPp: false,
  pageSizeOverMax: 'reject',
  unknownReference: { code: 1000005, msg: 'DATA_NOT_FOUND' },
  subDomainTaken: { code: 1000007, msg: 'DATA_ALREADY_EXISTS' },
  firmwareTooOld: { code: 1000004, msg: 'INVALID_PARAMETER' },
  quotaExceeded: { code: 1000043, msg: 'PERMISSION_DENIED' },
  didNotUsable: { code: 1000004, msg: 'INVALID_PARAMETER' },
  maxExtensionsPerPbx: 500,
  createDidOnOldFirmware: 'reject',
  ycmCreatedBillingCycle: 'monthly',
  coerceScalarStrings: true,
  ppValidationStatus: 400,
  ppValidationCode: 'parameter_validation_failed',
  ppAuthStatus: 401,
  ppInvalidTokenCode: 'invalid_token',
  ppTokenExpiredCode: 'token_expired',
  ppBadCredentialsCode: 'invalid_client',
  ppNotFoundStatus: 404,
  ppNotFoundCode: 'data_not_found',
  ppAccessTokenSeconds: 1800,
  ppCatalogIdsAsNumbers: true,
  ppRequireNumericIds: true,
  ppOrderPendingMs: 0,
  ppOrderFinalStatus: 'succeed',
  mrMissingAcceptChargesStatus: 400,
  mr3cxSeedTypesOnly: true,
  didPutWithoutSipHeaders: 'keep',
  newPbxStatus: 'Starting',
  newPbxStartingMs: 800,
  pbxNotRunning: { code: 1000004, msg: 'INVALID_PARAMETER' },
};

/** Documented YCM codes (FACTS 1.5) used by the sandbox. */
export const YCM = {
  serverError: { code: 1000001, msg: 'SERVER_ERROR' },
  authFailed: { code: 1000002, msg: 'AUTHENTICATION_FAILED' },
  invalidParameter: { code: 1000004, msg: 'INVALID_PARAMETER' },
  notFound: { code: 1000005, msg: 'DATA_NOT_FOUND' },
  alreadyExists: { code: 1000007, msg: 'DATA_ALREADY_EXISTS' },
  userNotFound: { code: 1000015, msg: 'USER_NOT_FOUND' },
  invalidClient: { code: 1000033, msg: 'INVALID_CLIENT' },
  tokenExpired: { code: 1000035, msg: 'TOKEN_EXPIRED' },
  invalidToken: { code: 1000036, msg: 'INVALID_TOKEN' },
  rateLimited: { code: 1000040, msg: 'RATE_LIMIT_EXCEEDED' },
} as const satisfies Record<string, YcmCode>;
