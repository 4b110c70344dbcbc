/**
 * Public API of the vendor clients: YCM, Partner Portal and MyReports clients, their typed errors,
 * pacing, and target resolution. Engine code imports from here only.
 */
export {
  AmbiguousWriteError,
  ApiError,
  AuthError,
  ConflictError,
  IncompleteReplyError,
  IncompleteWriteReplyError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TargetConfigError,
  TimeoutError,
  ValidationError,
  YCM_RATE_LIMIT_CODE,
  YCM_TOKEN_CODES,
  redact,
} from './errors.ts';
export type { ApiErrorInit, ApiSystem } from './errors.ts';
export { USER_AGENT, checkBaseUrl } from './http.ts';
export { idText, jsonInteger, parseVendorJson, stringifyVendorJson } from './json.ts';
export type { HttpEvent, HttpStats } from './http.ts';
export {
  DEFAULT_BACKOFF,
  DEFAULT_BUCKET,
  DEFAULT_CONCURRENCY,
  DEFAULT_TIMEOUT_MS,
  Pacer,
  TokenBucket,
  backoffDelay,
  parseRetryAfter,
} from './pacing.ts';
export type { BackoffOptions, BucketOptions, PacingOptions, PacingWait } from './pacing.ts';
export type { TokenStats } from './token-cache.ts';
export { YcmClient } from './ycm-client.ts';
export type { YcmClientOptions } from './ycm-client.ts';
export { PpClient } from './pp-client.ts';
export type { PpClientOptions } from './pp-client.ts';
export { MyReportsClient } from './myreports-client.ts';
export type { MyReportsClientOptions } from './myreports-client.ts';
export {
  DEFAULT_MYREPORTS_BASE_URL,
  DEFAULT_PP_BASE_URL,
  accountKeys,
  createClients,
  resolveTargets,
  sandboxTargets,
  targetIdentity,
} from './targets.ts';
export type {
  ClientOptions,
  Clients,
  LiveTargets,
  MyReportsTarget,
  PpTarget,
  SandboxEndpoints,
  Targets,
  YcmTarget,
} from './targets.ts';
export type * from './types.ts';
