/**
 * Token issuing and checking for YCM and the Partner Portal (FACTS 1.2, 2.2): JWT-shaped HS256
 * access tokens (default 30 min), 15-day refresh tokens that rotate — a refresh returns a new refresh
 * token and the old one stops working. MyReports uses a static bearer token from configuration
 * (FACTS 3.2: its OAuth code flow needs a browser, so the sandbox skips it).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export type TokenSystem = 'ycm' | 'pp';
export const REFRESH_TOKEN_SECONDS = 15 * 86400;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  jti: string;
}

export type TokenCheck = { ok: true; clientId: string } | { ok: false; reason: 'expired' | 'invalid' };

interface AccessEntry {
  system: TokenSystem;
  clientId: string;
  expMs: number;
}
interface RefreshEntry {
  system: TokenSystem;
  clientId: string;
  lastUsedMs: number;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Issues, refreshes and checks tokens; state is in memory only (a restart forces re-authentication). */
export class TokenAuthority {
  private readonly secret = randomBytes(32);
  private readonly access = new Map<string, AccessEntry>();
  private readonly refresh = new Map<string, RefreshEntry>();

  constructor(
    private readonly clock: () => number,
    private readonly lifetimes: Record<TokenSystem, number>,
  ) {}

  /** New access + refresh token pair for a client. */
  issue(system: TokenSystem, clientId: string): IssuedTokens {
    const now = this.clock();
    const seconds = this.lifetimes[system];
    const jti = randomUUID();
    const payload =
      system === 'ycm'
        ? {
            customJwtPayloadInfo: {
              grantType: 'client_credentials',
              ysId: 1,
              version: 1,
              refreshVersion: Math.floor(now / 1000),
            },
            scope: ['all'],
            exp: Math.floor(now / 1000) + seconds,
            authorities: ['ROLE_CLIENT'],
            jti,
            client_id: clientId,
          }
        : {
            aud: ['res1'],
            scope: ['all'],
            exp: Math.floor(now / 1000) + seconds,
            token_type: 'openapi',
            jti,
            client_id: clientId,
          };
    const unsigned = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(payload)}`;
    const accessToken = `${unsigned}.${createHmac('sha256', this.secret).update(unsigned).digest('base64url')}`;
    const refreshToken = randomBytes(24).toString('base64url');
    this.access.set(accessToken, { system, clientId, expMs: now + seconds * 1000 });
    this.refresh.set(refreshToken, { system, clientId, lastUsedMs: now });
    return { accessToken, refreshToken, expiresIn: seconds, jti };
  }

  /** Rotates a refresh token: the old one is invalid from now on (FACTS 1.2.2). */
  rotate(
    system: TokenSystem,
    refreshToken: string,
  ): { ok: true; tokens: IssuedTokens } | { ok: false; reason: 'expired' | 'invalid' } {
    const entry = this.refresh.get(refreshToken);
    if (!entry || entry.system !== system) return { ok: false, reason: 'invalid' };
    this.refresh.delete(refreshToken);
    // FACTS 1.2.4: a refresh token stops working when unused for 15 days.
    if (this.clock() - entry.lastUsedMs > REFRESH_TOKEN_SECONDS * 1000)
      return { ok: false, reason: 'expired' };
    return { ok: true, tokens: this.issue(system, entry.clientId) };
  }

  /** Checks a `Bearer` access token for a system. */
  check(system: TokenSystem, accessToken: string): TokenCheck {
    const entry = this.access.get(accessToken);
    if (!entry || entry.system !== system) return { ok: false, reason: 'invalid' };
    if (this.clock() >= entry.expMs) return { ok: false, reason: 'expired' };
    return { ok: true, clientId: entry.clientId };
  }

  /** Invalidates every token of a client (YCM revoke, FACTS 1.2.3). */
  revoke(system: TokenSystem, clientId: string): void {
    for (const [k, v] of this.refresh)
      if (v.system === system && v.clientId === clientId) this.refresh.delete(k);
  }
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerOf(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m?.[1] ?? null;
}
