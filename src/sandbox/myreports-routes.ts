/**
 * MyReports (Xarios Dimensions) endpoints under `/api/v1.0` (FACTS 3.4): accounts, customers,
 * PBX connection profiles (create 201 + Location, list, get, JSON-Patch, delete) and the global
 * instance lookup. Secrets (Kazoo apiKey, 3CX password and licence key) are accepted but never
 * echoed; the licence key is kept only as the profile's instance id (FACTS 3.4.3 lookup).
 */
import { createHash, randomUUID } from 'node:crypto';
import { MrFailure, mrOk, type Reply } from './envelopes.ts';
import { route, type RequestContext, type Route } from './router.ts';
import type { MrCustomer, MrProfile } from './state.ts';
import { isRecord } from './ycm-helpers.ts';

const V = '/api/v1.0';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_FIELDS = new Set(['apiKey', 'password', 'licenseKey']);

/** FACTS 3.3: a malformed id is 400 "The value '…' is not valid.". */
function guid(value: string | undefined): string {
  if (!value || !GUID.test(value)) throw new MrFailure(400, `The value '${value ?? ''}' is not valid.`);
  return value.toLowerCase();
}

function notFound(): never {
  throw new MrFailure(404, 'Not Found');
}

function customerOf(ctx: RequestContext): MrCustomer {
  const s = ctx.env.store.state;
  const accountId = guid(ctx.params['account']);
  if (!s.mr.accounts.some((x) => x.id === accountId)) notFound();
  const customerId = guid(ctx.params['customer']);
  return s.mr.customers.find((c) => c.id === customerId && c.parentTenantId === accountId) ?? notFound();
}

function profileOf(ctx: RequestContext): MrProfile {
  const c = customerOf(ctx);
  const id = guid(ctx.params['pbx']);
  return ctx.env.store.state.mr.profiles.find((p) => p.id === id && p.tenantId === c.id) ?? notFound();
}

function text(b: Record<string, unknown>, key: string, type: string): string {
  const v = b[key];
  if (typeof v !== 'string' || v.trim() === '')
    throw new MrFailure(400, `The ${key} field is required for ${type}.`);
  return v;
}

/** Public view: everything but secrets (FACTS 3.4.3 echoes the profile; we drop apiKey/password). */
function view(p: MrProfile): Record<string, unknown> {
  return {
    ...p.fields,
    _type: p._type,
    id: p.id,
    name: p.name,
    tenantId: p.tenantId,
    countryCode: p.countryCode,
    enabled: p.enabled,
  };
}

/** A 3CX licence key as the state keeps it: a hash, so the state file holds no secret. */
function secretKey(licenseKey: string): string {
  return `sha256:${createHash('sha256').update(licenseKey).digest('hex')}`;
}

/** The seeds/002 shapes of a 3CX profile (assumption mr3cxSeedTypesOnly). */
function check3cx(b: Record<string, unknown>, type: string): void {
  for (const k of ['username', 'password']) text(b, k, type);
  const archive = b['enableRecordingArchive'];
  if (archive !== undefined && archive !== 'true' && archive !== 'false')
    throw new MrFailure(400, `The value '${String(archive)}' is not valid for enableRecordingArchive.`);
  const every = b['recordingArchiveFrequency'];
  if (every !== undefined && (typeof every !== 'string' || !/^\d{2}:[0-5]\d:[0-5]\d$/.test(every)))
    throw new MrFailure(400, `The value '${String(every)}' is not valid for recordingArchiveFrequency.`);
}

function createProfile(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const customer = customerOf(ctx);
  const refused = ctx.env.a.mrMissingAcceptChargesStatus;
  if (refused !== null && String(ctx.headers['accept-charges'] ?? '').toLowerCase() !== 'true')
    throw new MrFailure(
      refused,
      "The 'accept-charges: true' header is required: creating a PBX profile is billed.",
    );
  const b = isRecord(ctx.body)
    ? ctx.body
    : (() => {
        throw new MrFailure(400, 'A non-empty request body is required.');
      })();
  const type = b['_type'];
  let instanceId: string;
  if (type === 'KazooPbxConnectionProfile') {
    for (const k of ['hostRest', 'hostWebsocket', 'apiKey']) text(b, k, type);
    instanceId = text(b, 'accountId', type);
  } else if (type === 'ThreeCxConnectionProfile') {
    instanceId = secretKey(text(b, 'licenseKey', type));
    if (ctx.env.a.mr3cxSeedTypesOnly) check3cx(b, type);
  } else {
    throw new MrFailure(400, `The value '${String(type ?? '')}' is not valid for _type.`);
  }
  const name = text(b, 'name', type);
  if (s.mr.profiles.some((p) => p.instanceId === instanceId))
    throw new MrFailure(
      400,
      type === 'ThreeCxConnectionProfile'
        ? 'A PBX with this licence key already exists.'
        : `A PBX with instance id '${instanceId}' already exists.`,
    );
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(b))
    if (!SECRET_FIELDS.has(k) && !['_type', 'id', 'name', 'tenantId', 'enabled'].includes(k)) fields[k] = v;
  const countryCode = typeof b['countryCode'] === 'string' ? b['countryCode'] : customer.countryCode;
  const profile: MrProfile = {
    id: randomUUID(),
    tenantId: customer.id,
    _type: type,
    name,
    instanceId,
    countryCode,
    enabled: false,
    fields,
  };
  s.mr.profiles.push(profile);
  ctx.env.created.profiles++;
  const location = `${ctx.env.baseUrl()}${V}/accounts/${customer.parentTenantId}/customers/${customer.id}/pbxs/${profile.id}`;
  return { ...mrOk(ctx.nowMs, view(profile), {}, 201), headers: { Location: location } };
}

/** RFC 6902 `replace` on /enabled or /name (FACTS 3.4.3); "true" strings accepted as in the docs. */
function patchProfile(ctx: RequestContext): Reply {
  const p = profileOf(ctx);
  if (!Array.isArray(ctx.body)) throw new MrFailure(400, 'The request body must be a JSON Patch array.');
  for (const op of ctx.body) {
    if (!isRecord(op) || op['op'] !== 'replace')
      throw new MrFailure(400, 'Only replace operations are supported.');
    const path = String(op['path'] ?? '');
    if (path === '/enabled') p.enabled = op['value'] === true || op['value'] === 'true';
    else if (path === '/name' && typeof op['value'] === 'string') p.name = op['value'];
    else
      throw new MrFailure(
        400,
        `The target location specified by path segment '${path.replace(/^\//, '')}' was not found.`,
      );
  }
  return mrOk(ctx.nowMs);
}

function paged<T>(ctx: RequestContext, items: T[]): Reply {
  const pageSize = Math.min(Number(ctx.query.get('pageSize') ?? 1000) || 1000, 1000);
  const pageIndex = Number(ctx.query.get('pageIndex') ?? 0) || 0;
  return mrOk(ctx.nowMs, items.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize), {
    page_size: pageSize,
    page_index: pageIndex,
  });
}

/** MyReports routes. */
export function myreportsRoutes(): Route[] {
  const C = `${V}/accounts/:account/customers`;
  return [
    route('mr', 'GET', `${V}/accounts`, (c) => paged(c, c.env.store.state.mr.accounts)),
    route('mr', 'GET', C, (c) => {
      const accountId = guid(c.params['account']);
      if (!c.env.store.state.mr.accounts.some((x) => x.id === accountId)) notFound();
      const filter = (c.query.get('filter') ?? '').toLowerCase();
      const list = c.env.store.state.mr.customers.filter(
        (x) =>
          x.parentTenantId === accountId &&
          (x.name.toLowerCase().includes(filter) || x.reference.toLowerCase().includes(filter)),
      );
      return paged(c, list);
    }),
    route('mr', 'GET', `${C}/:customer/pbxs`, (c) => {
      const customer = customerOf(c);
      const list = c.env.store.state.mr.profiles
        .filter((p) => p.tenantId === customer.id)
        .map((p) => ({ id: p.id, name: p.name, _type: p._type, tenantId: p.tenantId }));
      return mrOk(c.nowMs, list, { page_size: list.length });
    }),
    route('mr', 'POST', `${C}/:customer/pbxs`, createProfile),
    route('mr', 'GET', `${C}/:customer/pbxs/:pbx`, (c) => {
      const p = profileOf(c);
      return mrOk(c.nowMs, {
        id: p.id,
        name: p.name,
        _type: p._type,
        tenantId: p.tenantId,
        enabled: p.enabled,
      });
    }),
    route('mr', 'PATCH', `${C}/:customer/pbxs/:pbx`, patchProfile),
    route('mr', 'DELETE', `${C}/:customer/pbxs/:pbx`, (c) => {
      const p = profileOf(c);
      const s = c.env.store.state;
      s.mr.profiles = s.mr.profiles.filter((x) => x !== p);
      return mrOk(c.nowMs);
    }),
    route('mr', 'GET', `${V}/pbxs`, (c) => {
      const instanceId = c.query.get('instanceId');
      if (!instanceId) throw new MrFailure(400, "The value '' is not valid.");
      const hashed = secretKey(instanceId);
      const p = c.env.store.state.mr.profiles.find(
        (x) => x.instanceId === instanceId || x.instanceId === hashed,
      );
      return mrOk(
        c.nowMs,
        p ? { exists: true, instanceId, id: p.id, tenantId: p.tenantId } : { exists: false, instanceId },
      );
    }),
  ];
}
