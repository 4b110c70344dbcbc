/**
 * HTTP plumbing of the sandbox: body reading, sending replies, and turning thrown failures and
 * rate-limit rejections into each system's envelope.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { YCM, type Assumptions } from './assumptions.ts';
import { MrFailure, PpFailure, YcmFailure, mrError, ppReply, ycmFailed, type Reply } from './envelopes.ts';
import type { System } from './router.ts';
import { stringifyVendorJson } from '../api/json.ts';

const MAX_BODY = 1_000_000;

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Turns a thrown failure into the owning system's error envelope. */
export function failureReply(system: System, a: Assumptions, nowMs: number, err: unknown): Reply {
  if (err instanceof YcmFailure) return ycmFailed(a, nowMs, err.ycm, err.detail);
  if (err instanceof PpFailure) return ppReply(err.httpStatus, err.code, err.detail, err.result);
  if (err instanceof MrFailure) return mrError(nowMs, err.httpStatus, err.message);
  if (err instanceof SyntaxError) {
    if (system === 'ycm') return ycmFailed(a, nowMs, YCM.invalidParameter, 'request body is not valid JSON');
    if (system === 'pp')
      return ppReply(a.ppValidationStatus, a.ppValidationCode, 'request body is not valid JSON', null);
    return mrError(nowMs, 400, 'The request body is not valid JSON.');
  }
  const detail = err instanceof Error ? err.message : String(err);
  if (system === 'ycm') return ycmFailed(a, nowMs, YCM.serverError, detail, 500);
  if (system === 'pp') return ppReply(500, 'server_error', detail, null);
  return mrError(nowMs, 500, 'Internal Server Error');
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': '0' }).end();
    return;
  }
  const text = stringifyVendorJson(reply.body);
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(text);
}

/** 1000040 with the assumed HTTP status (FACTS 1.4, 4.1.2). */
export function rateLimitedReply(system: System, a: Assumptions, nowMs: number): Reply {
  const reply =
    system === 'pp'
      ? ppReply(429, 'rate_limit_exceeded', 'request count reaches limit', null)
      : ycmFailed(a, nowMs, YCM.rateLimited, 'request count reaches limit', a.rateLimitHttpStatus);
  if (a.rateLimitRetryAfterSeconds !== null)
    reply.headers = { 'Retry-After': String(a.rateLimitRetryAfterSeconds) };
  return reply;
}
