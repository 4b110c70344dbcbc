/**
 * YCM token endpoints (flat JSON, FACTS 1.2) and the reference-data queries: regions, domains,
 * firmwares, provisioning templates, customers, shared trunks, DIDs, users and subscription.
 */
import { YCM } from './assumptions.ts';
import { ycmFailed, ycmOk, type Reply } from './envelopes.ts';
import { DEMO_CREDENTIALS } from './fixtures.ts';
import { route, type RequestContext, type Route } from './router.ts';
import type { SandboxState } from './state.ts';
import { fail, fuzzy, isRecord, page, sortBy, strOf, usage } from './ycm-helpers.ts';

const P = '/dm/open_api';

function token(ctx: RequestContext): Reply {
  const { a, tokens } = ctx.env;
  const form = ctx.form;
  if (!form)
    return ycmFailed(
      a,
      ctx.nowMs,
      YCM.invalidParameter,
      'Content-Type must be application/x-www-form-urlencoded',
    );
  const grant = form.get('grant_type');
  if (grant === 'client_credentials') {
    const id = form.get('client_id');
    const secret = form.get('client_secret');
    if (!id || !secret)
      return ycmFailed(a, ctx.nowMs, YCM.invalidParameter, 'client_id and client_secret are required');
    if (id !== DEMO_CREDENTIALS.ycm.clientId)
      return ycmFailed(a, ctx.nowMs, YCM.invalidClient, 'unknown client');
    if (secret !== DEMO_CREDENTIALS.ycm.clientSecret)
      return ycmFailed(a, ctx.nowMs, YCM.authFailed, 'wrong client secret');
    const t = tokens.issue('ycm', id);
    return {
      status: 200,
      body: {
        access_token: t.accessToken,
        refresh_token: t.refreshToken,
        token_type: 'bearer',
        expires_in: t.expiresIn,
        jti: t.jti,
      },
    };
  }
  if (grant === 'refresh_token') {
    const old = form.get('refresh_token');
    if (!old) return ycmFailed(a, ctx.nowMs, YCM.invalidParameter, 'refresh_token is required');
    const r = tokens.rotate('ycm', old);
    if (!r.ok)
      return ycmFailed(
        a,
        ctx.nowMs,
        r.reason === 'expired' ? YCM.tokenExpired : YCM.invalidToken,
        `refresh token ${r.reason}`,
      );
    return {
      status: 200,
      body: {
        access_token: r.tokens.accessToken,
        refresh_token: r.tokens.refreshToken,
        token_type: 'bearer',
        expires_in: r.tokens.expiresIn,
      },
    };
  }
  return ycmFailed(
    a,
    ctx.nowMs,
    YCM.invalidParameter,
    'grant_type must be client_credentials or refresh_token',
  );
}

function revoke(ctx: RequestContext): Reply {
  const { a } = ctx.env;
  const id = ctx.form?.get('client_id');
  if (
    id !== DEMO_CREDENTIALS.ycm.clientId ||
    ctx.form?.get('client_secret') !== DEMO_CREDENTIALS.ycm.clientSecret
  ) {
    return ycmFailed(a, ctx.nowMs, YCM.authFailed, 'wrong client id or secret');
  }
  ctx.env.tokens.revoke('ycm', id);
  return { status: 200, body: { client_id: id, effect_time: Math.floor(ctx.nowMs / 1000) } };
}

/** An integer query parameter, or null when absent. */
function queryInt(q: URLSearchParams, name: string): number | null {
  const v = q.get(name);
  if (v === null || v === '') return null;
  return /^\d+$/.test(v) ? Number(v) : fail(`${name} must be an integer`);
}

/** Comma-separated integer list (FACTS 1.6). */
function idList(q: URLSearchParams, name: string): number[] | null {
  const v = q.get(name);
  if (v === null || v === '') return null;
  return v
    .split(',')
    .map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : fail(`${name} must be comma-separated integers`)));
}

/** DIDs bound to any PBX other than `exceptPbx`. */
export function boundElsewhere(state: SandboxState, exceptPbx?: number): Map<number, number> {
  const bound = new Map<number, number>();
  for (const p of state.ycm.pbxs) {
    if (p.cloudPbxId === exceptPbx) continue;
    for (const rel of p.trunkDidRelations) for (const id of rel.didIds) bound.set(id, p.cloudPbxId);
  }
  return bound;
}

function didView(state: SandboxState, id: number): Record<string, unknown> | null {
  const d = state.ycm.dids.find((x) => x.id === id);
  if (!d) return null;
  const owner = boundElsewhere(state).get(id);
  // FACTS 1.8.X: cloudPbxId is a String here.
  return { ...d, cloudPbxId: owner === undefined ? '' : String(owner) };
}

function usable(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const trunkId = queryInt(ctx.query, 'trunkId') ?? fail('trunkId is required');
  const trunk =
    s.ycm.trunks.find((t) => t.id === trunkId) ?? fail(`trunk ${trunkId} not found`, YCM.notFound);
  const pbxId = queryInt(ctx.query, 'cloudPbxId') ?? undefined;
  if (pbxId !== undefined) {
    const pbx =
      s.ycm.pbxs.find((p) => p.cloudPbxId === pbxId) ?? fail(`cloud PBX ${pbxId} not found`, YCM.notFound);
    // FACTS 1.8.X: DIDs assignable to a PBX in the same region as the trunk.
    if (pbx.regionId !== trunk.regionId) return ycmOk(ctx.nowMs, []);
  }
  const bound = boundElsewhere(s, pbxId);
  const list = s.ycm.dids
    .filter((d) => d.trunkIds.includes(trunkId) && !bound.has(d.id))
    .map((d) => ({ id: d.id, did: d.did, didName: d.didName }));
  return ycmOk(ctx.nowMs, list);
}

function createCustomer(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object');
  const firstName = strOf(b['firstName'], 'firstName') as string;
  const company = strOf(b['company'], 'company') as string;
  const email = strOf(b['email'], 'email') as string;
  if (s.ycm.customers.some((c) => c.email.toLowerCase() === email.toLowerCase()))
    fail(`email ${email} already exists`, { code: 1000019, msg: 'EMAIL_ADDRESS_ALREADY_EXISTS' });
  const customerId = s.next.customer++;
  s.ycm.customers.push({
    customerId,
    firstName,
    lastName: typeof b['lastName'] === 'string' ? b['lastName'] : '',
    company,
    email,
  });
  return ycmOk(ctx.nowMs, { customerId });
}

/** Routes for tokens and YCM reference data. */
export function ycmRoutes(): Route[] {
  const st = (ctx: RequestContext): SandboxState => ctx.env.store.state;
  return [
    route('ycm', 'POST', `${P}/oauth/token`, token, true),
    route('ycm', 'DELETE', `${P}/oauth/token/refresh_token`, revoke, true),
    route('ycm', 'GET', `${P}/v1/cluster/regions`, (c) => ycmOk(c.nowMs, st(c).ycm.regions)),
    route('ycm', 'GET', `${P}/v1/cluster/domains`, (c) => {
      const ids = idList(c.query, 'regionIds') ?? fail('regionIds is required');
      return ycmOk(
        c.nowMs,
        st(c).ycm.domains.filter((d) => ids.includes(d.regionId)),
      );
    }),
    route('ycm', 'GET', `${P}/v1/firmware`, (c) => {
      if (c.query.get('type') !== 'pbx') fail('type is required and must be pbx');
      const ids = idList(c.query, 'regionIds');
      return ycmOk(
        c.nowMs,
        st(c).ycm.firmwares.filter((f) => !ids || f.regionIds.some((r) => ids.includes(r))),
      );
    }),
    route('ycm', 'GET', `${P}/v1/provision_template`, (c) => ycmOk(c.nowMs, st(c).ycm.templates)),
    route('ycm', 'GET', `${P}/v1/customers`, (c) =>
      ycmOk(c.nowMs, page(c.env.a, sortBy(st(c).ycm.customers, c.query.get('sort')), c.query)),
    ),
    route('ycm', 'POST', `${P}/v1/customers`, createCustomer),
    route('ycm', 'GET', `${P}/v1/customers/:id`, (c) => {
      const cust = st(c).ycm.customers.find((x) => String(x.customerId) === c.params['id']);
      return ycmOk(c.nowMs, cust ?? fail(`customer ${c.params['id']} not found`, YCM.notFound));
    }),
    route('ycm', 'GET', `${P}/v1/shared_trunk/name/acl`, (c) =>
      ycmOk(
        c.nowMs,
        st(c).ycm.trunks.map((t) => ({ id: t.id, name: t.name, type: t.type })),
      ),
    ),
    route('ycm', 'GET', `${P}/v1/did_management/usable`, usable),
    route('ycm', 'GET', `${P}/v1/did_management`, (c) => {
      const search = c.query.get('search');
      const ids = st(c)
        .ycm.dids.filter((d) => fuzzy(search, d.did, d.didName))
        .map((d) => d.id);
      const p = page(c.env.a, ids, c.query);
      return ycmOk(c.nowMs, { ...p, list: p.list.map((id) => didView(st(c), id)) });
    }),
    route('ycm', 'GET', `${P}/v1/did_management/:cloudPbxId/did`, (c) => {
      const pbx =
        st(c).ycm.pbxs.find((p) => String(p.cloudPbxId) === c.params['cloudPbxId']) ??
        fail('cloud PBX not found', YCM.notFound);
      return ycmOk(c.nowMs, { didIds: pbx.trunkDidRelations.flatMap((r) => r.didIds) });
    }),
    route('ycm', 'GET', `${P}/v1/did_management/:didId`, (c) =>
      ycmOk(c.nowMs, didView(st(c), Number(c.params['didId'])) ?? fail('DID not found', YCM.notFound)),
    ),
    route('ycm', 'GET', `${P}/v2/users`, (c) => {
      const s = st(c).ycm.subscription;
      const user = {
        userId: s.userId,
        company: 'Sandbox Reseller',
        firstName: 'Sandbox',
        lastName: 'User',
        email: 'sandbox@reseller.example',
        createdCloudPbx: st(c).ycm.pbxs.length,
        userType: 'Reseller',
        twoFactorAuthenticationEnable: 'disable',
      };
      return ycmOk(c.nowMs, page(c.env.a, [user], c.query));
    }),
    route('ycm', 'GET', `${P}/v1/users/:userId/subscription_info`, (c) => {
      const s = st(c).ycm.subscription;
      if (c.params['userId'] !== String(s.userId))
        fail(`user ${c.params['userId']} not found`, YCM.userNotFound);
      const u = usage(st(c));
      return ycmOk(c.nowMs, {
        totalExtensions: s.totalExtensions,
        usedExtensions: u.extensions,
        totalConcurrentCalls: s.totalConcurrentCalls,
        usedConcurrentCalls: u.concurrentCalls,
        totalRecordings: s.totalRecordings,
        usedRecordings: u.recordings,
        totalUltimatePlan: s.totalExtensions,
        usedUltimatePlan: u.ultimate,
        minimumExtPerPbx: 5,
        highAvailability: 'Disabled',
        whiteLabel: 'Disabled',
        totalConnections: 0,
        usedConnections: 0,
        totalCustomDomains: 0,
        totalTranscription: 0,
      });
    }),
  ];
}
