/**
 * YCM cloud-PBX endpoints: create (FACTS 1.8.A), list v2 (1.8.B), query by id / URL (1.8.C/D),
 * status, customers, resize (1.8.K), DID bindings (1.8.O), update, start/stop, bulk delete.
 */
import { YCM } from './assumptions.ts';
import { ycmOk, type Reply } from './envelopes.ts';
import { route, type RequestContext, type Route } from './router.ts';
import type { SandboxState } from './state.ts';
import { applySipHeaders } from './ycm-sip-headers.ts';
import { requireRunning, startPbx } from './ycm-status.ts';
import {
  DID_BINDING_MIN_FIRMWARE,
  supportsDidBinding,
  validateCreate,
  validateRelations,
} from './ycm-create.ts';
import {
  checkQuota,
  enumOf,
  fail,
  fuzzy,
  intOf,
  isRecord,
  page,
  pbxById,
  pbxListView,
  pbxUrl,
  pbxView,
  sortBy,
  strOf,
  TOGGLE,
} from './ycm-helpers.ts';

const P = '/dm/open_api';

function create(ctx: RequestContext): Reply {
  const { a, store } = ctx.env;
  const s = store.state;
  const fields = validateCreate(a, s, ctx.body, Math.floor(ctx.nowMs / 1000));
  const cloudPbxId = s.next.pbx++;
  const sn = `3658B4311197${String(s.next.sn++).padStart(4, '0')}`;
  s.ycm.pbxs.push(startPbx(a, { cloudPbxId, sn, ...fields }, ctx.nowMs));
  ctx.env.created.pbxs++;
  return ycmOk(ctx.nowMs, { cloudPbxId });
}

function list(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const search = ctx.query.get('search');
  const views = s.ycm.pbxs
    .map((p) => pbxListView(s, p))
    .filter((v) =>
      fuzzy(
        search,
        String(v['name']),
        String(v['url']),
        String(v['sn']),
        s.ycm.pbxs.find((p) => p.cloudPbxId === v['cloudPbxId'])?.subDomain,
      ),
    );
  // Default order: create time (seeds/001), then id for a stable order.
  const ordered = sortBy(sortBy(views, 'cloudPbxId'), ctx.query.get('sort') ?? 'createTime');
  return ycmOk(ctx.nowMs, page(ctx.env.a, ordered, ctx.query));
}

function byUrl(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const url = (ctx.query.get('url') ?? fail('url is required')).toLowerCase();
  const pbx =
    s.ycm.pbxs.find((p) => pbxUrl(s, p).toLowerCase() === url) ??
    fail(`no cloud PBX with url ${url}`, YCM.notFound);
  return ycmOk(ctx.nowMs, { ...pbxView(s, pbx), receptionistCapacity: 0, receptionistCapacityPlan: 0 });
}

function resize(ctx: RequestContext): Reply {
  const { a, store } = ctx.env;
  const pbx = pbxById(store.state, ctx.params['id'] ?? '');
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object');
  requireRunning(a, pbx);
  const ext = intOf(a, b['extensionCapacity'], 'extensionCapacity') as number;
  const calls = intOf(a, b['concurrentCallCapacity'], 'concurrentCallCapacity') as number;
  const recordingStatus = enumOf(b['recordingStatus'], 'recordingStatus', TOGGLE) as string;
  const rec = intOf(a, b['recordingCapacity'], 'recordingCapacity') as number;
  const transcription = intOf(a, b['transcriptionCapacity'], 'transcriptionCapacity', false);
  if (ext < 1 || ext > a.maxExtensionsPerPbx)
    fail(`extensionCapacity must be between 1 and ${a.maxExtensionsPerPbx}`);
  if (calls < 1) fail('concurrentCallCapacity must be at least 1');
  // FACTS 1.8.K: "NOT allowed to reduce the call recording minutes".
  if (rec < pbx.recordingCapacity)
    fail(`recordingCapacity must not be lower than the current ${pbx.recordingCapacity}`);
  checkQuota(a, store.state, {
    extensions: ext - pbx.extensionCapacity,
    concurrentCalls: calls - pbx.concurrentCallCapacity,
    recordings: rec - pbx.recordingCapacity,
  });
  Object.assign(pbx, {
    extensionCapacity: ext,
    concurrentCallCapacity: calls,
    recordingStatus,
    recordingCapacity: rec,
  });
  if (transcription !== undefined) pbx.transcriptionCapacity = transcription;
  return ycmOk(ctx.nowMs);
}

function bindDids(ctx: RequestContext): Reply {
  const { a, store } = ctx.env;
  const pbx = pbxById(store.state, ctx.params['id'] ?? '');
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object');
  if (!supportsDidBinding(store.state, pbx.versionId))
    fail(`DID binding needs firmware ${DID_BINDING_MIN_FIRMWARE} or later`, a.firmwareTooOld);
  requireRunning(a, pbx);
  if (b['trunkDidRelations'] === undefined) fail('trunkDidRelations is required');
  // FACTS 1.8.O: the body replaces every existing binding of this PBX.
  const relations = validateRelations(a, store.state, b['trunkDidRelations'], pbx.regionId, pbx.cloudPbxId);
  applySipHeaders(a, store.state, pbx, b['customSipHeadersBindings'], relations);
  pbx.trunkDidRelations = relations;
  return ycmOk(ctx.nowMs);
}

function updateInfo(ctx: RequestContext): Reply {
  const pbx = pbxById(ctx.env.store.state, ctx.params['id'] ?? '');
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object');
  const name = strOf(b['name'], 'name') as string;
  const settings: Record<string, string> = {};
  for (const key of ['upgradeInPbx', 'im', 'passwordlessLogin', 'allowSuperiorPasswordlessLogin'] as const)
    settings[key] = enumOf(b[key], key, TOGGLE) as string;
  for (const key of ['pbxApi', 'provisioningViaTemplate', 'trunkConfigurationAccess'] as const) {
    const v = enumOf(b[key], key, TOGGLE, false);
    if (v) settings[key] = v;
  }
  pbx.name = name;
  pbx.settings = settings;
  return ycmOk(ctx.nowMs);
}

function customerIdsOf(ctx: RequestContext, s: SandboxState): number[] {
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object');
  if (!Array.isArray(b['customerIds']) || b['customerIds'].length === 0) fail('customerIds is required');
  const ids = b['customerIds'].map((c, i) => intOf(ctx.env.a, c, `customerIds[${i}]`) as number);
  for (const id of ids)
    if (!s.ycm.customers.some((c) => c.customerId === id))
      fail(`customer ${id} not found`, ctx.env.a.unknownReference);
  return ids;
}

function remove(ctx: RequestContext): Reply {
  const s = ctx.env.store.state;
  const b = isRecord(ctx.body) ? ctx.body : fail('body must be a JSON object with cloudPbxIds');
  if (!Array.isArray(b['cloudPbxIds']) || b['cloudPbxIds'].length === 0) fail('cloudPbxIds is required');
  const ids = b['cloudPbxIds'].map((c, i) => intOf(ctx.env.a, c, `cloudPbxIds[${i}]`) as number);
  for (const id of ids) pbxById(s, id);
  s.ycm.pbxs = s.ycm.pbxs.filter((p) => !ids.includes(p.cloudPbxId));
  return ycmOk(ctx.nowMs);
}

/** Cloud-PBX routes. */
export function ycmPbxRoutes(): Route[] {
  const I = `${P}/v1/cloud_pbx/instances`;
  const st = (c: RequestContext): SandboxState => c.env.store.state;
  const one = (c: RequestContext) => pbxById(st(c), c.params['id'] ?? '');
  return [
    route('ycm', 'POST', I, create),
    route('ycm', 'DELETE', I, remove),
    route('ycm', 'GET', `${P}/v2/cloud_pbx/instances`, list),
    route('ycm', 'GET', `${I}/get`, byUrl),
    route('ycm', 'GET', `${I}/:id`, (c) => ycmOk(c.nowMs, pbxView(st(c), one(c)))),
    route('ycm', 'PUT', `${I}/:id`, updateInfo),
    route('ycm', 'GET', `${I}/:id/status`, (c) => {
      const p = one(c);
      return ycmOk(c.nowMs, {
        cloudPbxId: p.cloudPbxId,
        pbxStatus: p.pbxStatus,
        activationStatus: p.activationStatus,
      });
    }),
    route(
      'ycm',
      'PUT',
      `${I}/:id/start`,
      (c) => (Object.assign(one(c), { pbxStatus: 'Running' }), ycmOk(c.nowMs)),
    ),
    route(
      'ycm',
      'PUT',
      `${I}/:id/stop`,
      (c) => (Object.assign(one(c), { pbxStatus: 'Stopped' }), ycmOk(c.nowMs)),
    ),
    route('ycm', 'GET', `${I}/:id/customers`, (c) => ycmOk(c.nowMs, { customerIds: one(c).customerIds })),
    route('ycm', 'PUT', `${I}/:id/customers`, (c) => {
      const p = one(c);
      p.customerIds = customerIdsOf(c, st(c));
      return ycmOk(c.nowMs);
    }),
    route('ycm', 'PUT', `${I}/:id/capacity`, resize),
    route('ycm', 'PUT', `${I}/:id/did`, bindDids),
    route('ycm', 'GET', `${P}/v1/shared_trunk/pbx/used`, (c) => {
      const p = pbxById(st(c), c.query.get('cloudPbxId') ?? fail('cloudPbxId is required'));
      return ycmOk(c.nowMs, { sharedTrunkIds: [...new Set(p.trunkDidRelations.map((r) => r.trunkId))] });
    }),
  ];
}
