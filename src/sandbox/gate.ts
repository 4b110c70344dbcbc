/**
 * The checks every request passes before its handler: User-Agent (required by YCM and PP on every
 * call, token calls included — FACTS 1.1, 2.1), the bearer token (FACTS 1.2.4, 2.2, 3.3) and the
 * per-client token bucket (FACTS 1.4).
 */
import { YCM } from './assumptions.ts';
import { bearerOf } from './auth.ts';
import type { RateLimiter } from './bucket.ts';
import { mrError, ppReply, ycmFailed, type Reply } from './envelopes.ts';
import { DEMO_CREDENTIALS } from './fixtures.ts';
import type { RequestContext, Route } from './router.ts';

/** 'ok' to proceed, 'rateLimited', or the rejection to send. Sets ctx.clientId when known. */
export function authorize(ctx: RequestContext, r: Route, limiter: RateLimiter): 'ok' | 'rateLimited' | Reply {
  const { a } = ctx.env;
  const ua = ctx.headers['user-agent'];
  const hasUa = typeof ua === 'string' && ua.trim() !== '';
  if (r.system === 'mr') {
    // MyReports: static bearer token (FACTS 3.2); anything else is 401 with no body (FACTS 3.3).
    return bearerOf(ctx.headers.authorization) === DEMO_CREDENTIALS.myreports.token
      ? 'ok'
      : mrError(ctx.nowMs, 401, '');
  }
  if (r.system === 'ycm') {
    if (!hasUa) return ycmFailed(a, ctx.nowMs, YCM.invalidParameter, 'User-Agent header is required');
    if (r.tokenCall) {
      const id = ctx.form?.get('client_id');
      if (id && a.rateLimitTokenCalls) ctx.clientId = id;
    } else {
      const token = bearerOf(ctx.headers.authorization);
      const check = token ? ctx.env.tokens.check('ycm', token) : ({ ok: false, reason: 'invalid' } as const);
      if (!check.ok) {
        const code = check.reason === 'expired' ? YCM.tokenExpired : YCM.invalidToken;
        return ycmFailed(
          a,
          ctx.nowMs,
          code,
          check.reason === 'expired' ? 'access token expired' : 'missing or invalid access token',
        );
      }
      ctx.clientId = check.clientId;
    }
    if (ctx.clientId && !limiter.take(`ycm:${ctx.clientId}`)) return 'rateLimited';
    return 'ok';
  }
  // Partner Portal.
  if (!hasUa)
    return ppReply(a.ppValidationStatus, a.ppValidationCode, 'User-Agent header is required', {
      field: 'User-Agent',
      tag: 'required',
    });
  if (!r.tokenCall) {
    const token = bearerOf(ctx.headers.authorization);
    const check = token ? ctx.env.tokens.check('pp', token) : ({ ok: false, reason: 'invalid' } as const);
    if (!check.ok) {
      const expired = check.reason === 'expired';
      return ppReply(
        a.ppAuthStatus,
        expired ? a.ppTokenExpiredCode : a.ppInvalidTokenCode,
        expired ? 'access token expired' : 'missing or invalid access token',
        null,
      );
    }
    ctx.clientId = check.clientId;
  }
  if (a.rateLimitPp && ctx.clientId && !limiter.take(`pp:${ctx.clientId}`)) return 'rateLimited';
  return 'ok';
}
