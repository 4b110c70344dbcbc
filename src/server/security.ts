/**
 * The browser-mode guards. The UI server holds a session that can create PBXs and place orders, so
 * only the person who started it may drive it: a per-launch secret held in an HttpOnly
 * SameSite=Strict cookie, an exact Host check against DNS rebinding, and an Origin check so no other
 * site (or other port on localhost) can post to the API.
 *
 * The secret itself never leaves the server except in that cookie. A link carries a one-time code
 * instead (see LinkCodes): the first request with it gets the cookie, and the code is then dead. So
 * the code on the browser opener's command line (`xdg-open URL`, readable by any local user in
 * `ps`, and kept in the browser's own argv) is worthless once the browser has used it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The session cookie's name, one per port. Cookies are kept per host, not per port, so two `ui`
 * launches in one browser (127.0.0.1:5001 and :5002) would overwrite each other's cookie under one
 * name, and every call of the first tab would then be refused.
 */
export function cookieName(port: number): string {
  return `pbx_ui_${port}`;
}

/** A fresh 256-bit secret, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * One-time codes for links to the app. A code opens the app once: take() answers true for it the
 * first time and never again. A code given a lifetime (the browser opener's) also dies unused when
 * that runs out, so a browser that never started leaves no live code in `ps` for long.
 */
export class LinkCodes {
  /** Code → the time it expires (Infinity: never, only by use). */
  private readonly codes = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh code, dead after its first use or after `lifetimeMs`. */
  issue(lifetimeMs = Infinity): string {
    const code = newSecret();
    this.codes.set(code, this.now() + lifetimeMs);
    return code;
  }

  /** True once for a live code (which is then dead); false for anything else. Constant time per code. */
  take(given: string): boolean {
    let found: string | undefined;
    for (const [code, expires] of this.codes) {
      if (expires <= this.now()) this.codes.delete(code);
      else if (sameSecret(given, code)) found = code;
    }
    if (found === undefined) return false;
    this.codes.delete(found);
    return true;
  }
}

export function cookieSecret(req: IncomingMessage, port: number): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === cookieName(port)) return rest.join('=');
  }
  return undefined;
}

export function sessionCookie(secret: string, port: number): string {
  return `${cookieName(port)}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The Host values this server answers to: the loopback names with its own port, nothing else. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host !== undefined && allowedHosts(port).has(host.toLowerCase());
}

/**
 * Same-origin only. A POST from a browser always carries Origin; a same-origin GET may omit it,
 * so an absent Origin is allowed only for GET (and then Sec-Fetch-Site, when sent, must agree).
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  if (origin === undefined) return req.method === 'GET' || req.method === 'HEAD';
  return [...allowedHosts(port)].some((h) => origin.toLowerCase() === `http://${h}`);
}

/** Headers every response carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
