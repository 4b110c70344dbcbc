/**
 * Access-token cache shared by the YCM and Partner Portal clients (both issue 30-minute access
 * tokens and 15-day rotating refresh tokens: FACTS 1.2.4, 2.2). One token serves every call; it is
 * refreshed with the latest refresh token before it expires (at `refreshFraction` of its
 * lifetime), concurrent callers share one in-flight token request, and a rejected refresh falls
 * back on a full authentication. Vendors may throttle token requests, so never one per call.
 */
import { ApiError } from './errors.ts';

export interface IssuedToken {
  /** The value of the Authorization header, e.g. "Bearer eyJ...". */
  authorization: string;
  refreshToken?: string;
  expiresInSeconds: number;
}

export interface TokenSource {
  authenticate(signal?: AbortSignal): Promise<IssuedToken>;
  refresh(refreshToken: string, signal?: AbortSignal): Promise<IssuedToken>;
}

export interface TokenStats {
  authenticated: number;
  refreshed: number;
}

interface Held {
  token: IssuedToken;
  refreshAt: number;
}

/** Hands out a valid Authorization header, fetching or refreshing a token only when needed. */
export class TokenCache {
  readonly stats: TokenStats = { authenticated: 0, refreshed: 0 };
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;

  constructor(
    private readonly source: TokenSource,
    private readonly refreshFraction = 0.8,
    private readonly now: () => number = Date.now,
  ) {}

  /** The Authorization header value to send now. */
  async authorization(signal?: AbortSignal): Promise<string> {
    if (this.pending) return (await this.pending).token.authorization;
    const held = this.held;
    if (held && this.now() < held.refreshAt) return held.token.authorization;
    const refreshToken = held?.token.refreshToken;
    return (await this.obtain(refreshToken, signal)).token.authorization;
  }

  /**
   * The vendor rejected `authorization` as expired or invalid: forget it so the next call
   * authenticates afresh. Ignored if another caller already replaced that token.
   */
  invalidate(authorization: string): void {
    if (this.held?.token.authorization === authorization) this.held = undefined;
  }

  private obtain(refreshToken: string | undefined, signal?: AbortSignal): Promise<Held> {
    const run = async (): Promise<Held> => {
      let token: IssuedToken | undefined;
      if (refreshToken !== undefined) {
        try {
          token = await this.source.refresh(refreshToken, signal);
          this.stats.refreshed++;
        } catch (error) {
          // A revoked or stale refresh token (FACTS 1.2.4): fall back on client credentials.
          if (!(error instanceof ApiError) || error.retryable) throw error;
        }
      }
      if (!token) {
        token = await this.source.authenticate(signal);
        this.stats.authenticated++;
      }
      const lifetimeMs = Math.max(0, token.expiresInSeconds) * 1000;
      const held = { token, refreshAt: this.now() + lifetimeMs * this.refreshFraction };
      this.held = held;
      return held;
    };
    const pending = run().finally(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    this.pending = pending;
    return pending;
  }
}
