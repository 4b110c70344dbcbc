/**
 * Shared YCM pieces: paging (FACTS 1.6), value coercion and checks that throw `YcmFailure`
 * (INVALID_PARAMETER 1000004 unless said otherwise), the PBX view and subscription usage.
 */
import { YCM, type Assumptions, type YcmCode } from './assumptions.ts';
import { YcmFailure } from './envelopes.ts';
import type { Pbx, SandboxState } from './state.ts';

/** Throws INVALID_PARAMETER (or the given code) with a detail naming the field. */
export function fail(detail: string, code: YcmCode = YCM.invalidParameter): never {
  throw new YcmFailure(code, detail);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An integer field; numeric strings are accepted when the assumption says so (Jackson coercion). */
export function intOf(a: Assumptions, v: unknown, field: string, required = true): number | undefined {
  if (v === undefined || v === null) return required ? fail(`${field} is required`) : undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (a.coerceScalarStrings && typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return fail(`${field} must be an integer`);
}

/** A boolean field ("true"/"false" accepted under coercion, seeds/000 autoActivated). */
export function boolOf(a: Assumptions, v: unknown, field: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (a.coerceScalarStrings && (v === 'true' || v === 'false')) return v === 'true';
  return fail(`${field} must be true or false`);
}

/** A required non-empty string. */
export function strOf(v: unknown, field: string, required = true): string | undefined {
  if (v === undefined || v === null || v === '') return required ? fail(`${field} is required`) : undefined;
  if (typeof v !== 'string') return fail(`${field} must be a string`);
  return v;
}

/** An exact, case-sensitive enum value (FACTS 5: validate enums exactly). */
export function enumOf<T extends string>(
  v: unknown,
  field: string,
  values: readonly T[],
  required = true,
): T | undefined {
  if (v === undefined || v === null) return required ? fail(`${field} is required`) : undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v))
    return fail(`${field} must be one of ${values.join(', ')} (case-sensitive)`);
  return v as T;
}

export const TOGGLE = ['Enabled', 'Disabled'] as const;

/** Pages a list: pageSize default 10, max 50; pageNumber default 1 (FACTS 1.6). */
export function page<T>(
  a: Assumptions,
  items: T[],
  q: URLSearchParams,
): { pageSize: number; pageNumber: number; total: number; list: T[] } {
  let pageSize = q.has('pageSize') ? Number(q.get('pageSize')) : 10;
  const pageNumber = q.has('pageNumber') ? Number(q.get('pageNumber')) : 1;
  if (!Number.isInteger(pageSize) || pageSize < 1) fail('pageSize must be a positive integer');
  if (!Number.isInteger(pageNumber) || pageNumber < 1) fail('pageNumber must be a positive integer');
  if (pageSize > 50) {
    if (a.pageSizeOverMax === 'reject') fail('pageSize must not exceed 50');
    pageSize = 50;
  }
  const start = (pageNumber - 1) * pageSize;
  return { pageSize, pageNumber, total: items.length, list: items.slice(start, start + pageSize) };
}

/** `sort=field` ascending, `sort=-field` descending (FACTS 1.6). */
export function sortBy<T extends object>(items: T[], sort: string | null): T[] {
  if (!sort) return items;
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  return [...items].sort((x, y) => {
    const a = (x as Record<string, unknown>)[key];
    const b = (y as Record<string, unknown>)[key];
    const c =
      typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? ''));
    return desc ? -c : c;
  });
}

/** Fuzzy (case-insensitive substring) match on any of the given values. */
export function fuzzy(search: string | null, ...values: (string | undefined)[]): boolean {
  if (!search) return true;
  const s = search.toLowerCase();
  return values.some((v) => v !== undefined && v.toLowerCase().includes(s));
}

export function pbxUrl(state: SandboxState, pbx: Pbx): string {
  const domain = state.ycm.domains.find((d) => d.domainId === pbx.domainId)?.domain ?? 'unknown';
  return `${pbx.subDomain}.${domain}`;
}

/** Finds a PBX by path id or throws DATA_NOT_FOUND. */
export function pbxById(state: SandboxState, id: string | number): Pbx {
  const pbx = state.ycm.pbxs.find((p) => String(p.cloudPbxId) === String(id));
  return pbx ?? fail(`cloud PBX ${id} not found`, YCM.notFound);
}

/** The Cloud_PBX object of list/query replies (FACTS 1.8.B, 1.8.C). */
export function pbxView(state: SandboxState, p: Pbx): Record<string, unknown> {
  const view: Record<string, unknown> = {
    cloudPbxId: p.cloudPbxId,
    pbxStatus: p.pbxStatus,
    activationStatus: p.activationStatus,
    name: p.name,
    sn: p.sn,
    plan: p.plan,
    planExpirationDate: p.planExpirationDate,
    extensionCapacity: p.extensionCapacity,
    concurrentCallCapacity: p.concurrentCallCapacity,
    recordingStatus: p.recordingStatus,
    recordingCapacity: p.recordingCapacity,
    transcriptionCapacity: p.transcriptionCapacity + (p.plan === 'Ultimate Plan' ? 240 : 120),
    transcriptionCapacityPlan: p.plan === 'Ultimate Plan' ? 240 : 120,
    transcriptionCapacityAddon: p.transcriptionCapacity,
    region: state.ycm.regions.find((r) => r.regionId === p.regionId)?.region ?? '',
    url: pbxUrl(state, p),
    type: p.type,
    version: state.ycm.firmwares.find((f) => f.versionId === p.versionId)?.version ?? '',
    creator: { firstName: 'Sandbox', lastName: 'User', email: 'sandbox@reseller.example' },
    createTime: p.createTime,
    ...p.settings,
  };
  if (p.expirationDate !== undefined) view['expirationDate'] = p.expirationDate;
  if (p.allowRunAfterExpirationDate !== undefined)
    view['allowRunAfterExpirationDate'] = p.allowRunAfterExpirationDate;
  return view;
}

/**
 * PBX_Info of Query All the Cloud PBXs v2, in exactly seeds/001's fields and JSON types: no
 * transcription fields, pbxApi, trunkConfigurationAccess or allowRunAfterExpirationDate (those
 * belong to the by-id reply, FACTS 1.8.C); activeCalls, usedExtensions and usedRecording are
 * strings, as the seed sends them. `group` and the usage counters are the sandbox's own values.
 */
export function pbxListView(state: SandboxState, p: Pbx): Record<string, unknown> {
  const full = pbxView(state, p);
  const view: Record<string, unknown> = {};
  for (const key of PBX_INFO_FIELDS) if (full[key] !== undefined) view[key] = full[key];
  view['group'] = 'Sandbox';
  if (p.pbxStatus === 'Running') view['initialStartUpTime'] = p.createTime;
  view['activeCalls'] = '0';
  view['usedExtensions'] = '0';
  view['usedRecording'] = '0';
  return view;
}

/** The PBX_Info fields of seeds/001 the sandbox can fill from its state, in the seed's order. */
const PBX_INFO_FIELDS = [
  'cloudPbxId',
  'pbxStatus',
  'activationStatus',
  'name',
  'sn',
  'plan',
  'planExpirationDate',
  'extensionCapacity',
  'concurrentCallCapacity',
  'recordingStatus',
  'recordingCapacity',
  'region',
  'url',
  'type',
  'expirationDate',
  'version',
  'creator',
  'createTime',
  'upgradeInPbx',
  'im',
  'passwordlessLogin',
  'allowSuperiorPasswordlessLogin',
  'provisioningViaTemplate',
] as const;

/** Subscription usage counted from the PBXs (FACTS 1.8.Y). */
export function usage(state: SandboxState): {
  extensions: number;
  concurrentCalls: number;
  recordings: number;
  ultimate: number;
} {
  const u = { extensions: 0, concurrentCalls: 0, recordings: 0, ultimate: 0 };
  for (const p of state.ycm.pbxs) {
    u.extensions += p.extensionCapacity;
    u.concurrentCalls += p.concurrentCallCapacity;
    u.recordings += p.recordingCapacity;
    if (p.plan === 'Ultimate Plan') u.ultimate += p.extensionCapacity;
  }
  return u;
}

/** Rejects a change that would push usage beyond the subscription totals. */
export function checkQuota(
  a: Assumptions,
  state: SandboxState,
  delta: { extensions: number; concurrentCalls: number; recordings: number },
): void {
  const u = usage(state);
  const s = state.ycm.subscription;
  if (u.extensions + delta.extensions > s.totalExtensions)
    fail(`extension quota exceeded (${u.extensions} of ${s.totalExtensions} used)`, a.quotaExceeded);
  if (u.concurrentCalls + delta.concurrentCalls > s.totalConcurrentCalls)
    fail(
      `concurrent-call quota exceeded (${u.concurrentCalls} of ${s.totalConcurrentCalls} used)`,
      a.quotaExceeded,
    );
  if (u.recordings + delta.recordings > s.totalRecordings)
    fail(`recording-minute quota exceeded (${u.recordings} of ${s.totalRecordings} used)`, a.quotaExceeded);
}
