/**
 * What the account holds, read for `export` and `reconcile` (issue 18): every Cloud PBX from the v2
 * list (seeds/001, pages of 50), its customers (FACTS 1.8.M, the one call per PBX), and its DID
 * bindings from the paged DID list, whose items name the PBX each DID is bound to (FACTS 1.8.X
 * `cloudPbxId`). The trunk of a binding is the DID's only trunk; for a DID carried by several, the
 * one of them assigned to the PBX (FACTS 1.8.Q, one more call for that PBX only), as kinds/did/did-trunks.ts
 * decides for the run. Only reads. Fields the list does not document (seeds/001 has no domain,
 * subdomain, pbxApi, trunkConfigurationAccess or transcription) are derived or left empty.
 */
import type { CloudPbx, DidNumber, Domain, YcmClient, YcmCustomer } from '../../api/index.ts';
import { idOf } from './ids.ts';
import { placeDids, type AccountBinding, type UnplacedDid } from './place-dids.ts';

export type { AccountBinding, UnplacedDid } from './place-dids.ts';

/** The seeds/001 toggles the template has columns for. */
export const LIST_TOGGLES = [
  'upgradeInPbx',
  'im',
  'passwordlessLogin',
  'allowSuperiorPasswordlessLogin',
  'provisioningViaTemplate',
] as const;

/** One Cloud PBX of the account, with what the template's columns need. */
export interface AccountPbx {
  cloudPbxId: number;
  name: string;
  sn: string;
  url: string;
  /** `url` minus a known domain of the account (FACTS 1.8.A: the URL is `<subDomain>.<domain>`). */
  subDomain: string;
  domain: string;
  region: string;
  firmware: string;
  plan: string;
  type: string;
  pbxStatus: string;
  extensionCapacity?: number;
  concurrentCallCapacity?: number;
  recordingStatus?: string;
  recordingCapacity?: number;
  expirationDate?: number;
  toggles: Partial<Record<(typeof LIST_TOGGLES)[number], string>>;
  /** Undefined when not read (`--kind did`). */
  customerIds?: number[];
  customerEmails?: string[];
  bindings: AccountBinding[];
  /** Bound DIDs whose trunk cannot be told (never guessed). */
  unplaced: UnplacedDid[];
}

export interface AccountSnapshot {
  pbxs: AccountPbx[];
  /** Whether customers and bindings were read. */
  withCustomers: boolean;
  withBindings: boolean;
}

export interface ReadAccountOptions {
  customers?: boolean;
  bindings?: boolean;
  /** How many PBXs are read at once (the client paces the calls; default 4). */
  concurrency?: number;
  onProgress?: (progress: { step: string; done: number; total: number }) => void;
  signal?: AbortSignal;
}

/** Reads the account. Throws the client's typed errors (the caller reports them). */
export async function readAccount(
  ycm: YcmClient,
  options: ReadAccountOptions = {},
): Promise<AccountSnapshot> {
  const { signal } = options;
  const progress = options.onProgress ?? (() => undefined);
  const withCustomers = options.customers ?? true;
  const withBindings = options.bindings ?? true;
  progress({ step: 'Cloud PBX list', done: 0, total: 1 });
  const list = await ycm.findAllCloudPbxs({ sort: 'cloudPbxId' }, signal);
  progress({ step: 'Cloud PBX list', done: 1, total: 1 });
  const regions = await ycm.regions(signal);
  const domains =
    regions.length > 0
      ? await ycm.domains(
          regions.map((r) => r.regionId),
          signal,
        )
      : [];
  const customers = withCustomers ? await ycm.allCustomers(signal) : [];
  const dids = withBindings ? await ycm.allDids(undefined, signal) : [];
  const trunks = withBindings ? await ycm.sharedTrunks(signal) : [];
  const trunkNames = new Map(trunks.map((t) => [t.id, t.name]));
  const didsByPbx = groupDidsByPbx(dids);
  const pbxs: AccountPbx[] = list.map((p) => basePbx(p, domains));
  let done = 0;
  await eachAtMost(pbxs, options.concurrency ?? 4, async (pbx) => {
    if (withCustomers) {
      pbx.customerIds = await ycm.getPbxCustomers(pbx.cloudPbxId, signal);
      pbx.customerEmails = emailsOf(pbx.customerIds, customers);
    }
    if (withBindings) {
      const placed = await placeDids(didsByPbx.get(pbx.cloudPbxId) ?? [], trunkNames, () =>
        ycm.getAssignedTrunks(pbx.cloudPbxId, signal),
      );
      pbx.bindings = placed.bindings;
      pbx.unplaced = placed.unplaced;
    }
    progress({ step: 'PBX details', done: ++done, total: pbxs.length });
  });
  return { pbxs, withCustomers, withBindings };
}

function groupDidsByPbx(dids: readonly DidNumber[]): Map<number, DidNumber[]> {
  const out = new Map<number, DidNumber[]>();
  for (const did of dids) {
    const owner = idOf(did.cloudPbxId);
    if (owner === undefined) continue;
    const list = out.get(owner) ?? [];
    list.push(did);
    out.set(owner, list);
  }
  return out;
}

function emailsOf(ids: readonly number[], customers: readonly YcmCustomer[]): string[] {
  const byId = new Map(customers.map((c) => [c.customerId, c.email]));
  return ids.map((id) => byId.get(id)).filter((e): e is string => typeof e === 'string' && e !== '');
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && /^\d+$/.test(v)
      ? Number(v)
      : undefined;

/** The list item as the template sees it; customers and bindings are filled in later. */
function basePbx(p: CloudPbx, domains: readonly Domain[]): AccountPbx {
  const url = text(p.url);
  const { subDomain, domain } = splitUrl(url, domains);
  const toggles: AccountPbx['toggles'] = {};
  for (const key of LIST_TOGGLES) if (typeof p[key] === 'string') toggles[key] = p[key];
  const pbx: AccountPbx = {
    cloudPbxId: idOf(p.cloudPbxId) ?? 0,
    name: text(p.name),
    sn: text(p.sn),
    url,
    subDomain,
    domain,
    region: text(p['region']),
    firmware: text(p.version),
    plan: text(p.plan),
    type: text(p.type),
    pbxStatus: text(p.pbxStatus),
    toggles,
    bindings: [],
    unplaced: [],
  };
  const numbers = {
    extensionCapacity: num(p.extensionCapacity),
    concurrentCallCapacity: num(p.concurrentCallCapacity),
    recordingCapacity: num(p.recordingCapacity),
    expirationDate: num(p['expirationDate']),
  };
  for (const [key, value] of Object.entries(numbers))
    if (value !== undefined) Object.assign(pbx, { [key]: value });
  if (typeof p.recordingStatus === 'string') pbx.recordingStatus = p.recordingStatus;
  return pbx;
}

/**
 * `acme.example.yeastarcloud.com` → subdomain `acme`, domain `example.yeastarcloud.com`: the
 * longest domain of the account the URL ends with; failing that, the URL's first label.
 */
export function splitUrl(
  url: string,
  domains: readonly Pick<Domain, 'domain'>[],
): { subDomain: string; domain: string } {
  const lower = url.toLowerCase();
  const known = domains
    .map((d) => d.domain)
    .filter((d) => d !== '' && lower.endsWith(`.${d.toLowerCase()}`))
    .sort((a, b) => b.length - a.length)[0];
  if (known !== undefined) return { subDomain: url.slice(0, url.length - known.length - 1), domain: known };
  const dot = url.indexOf('.');
  return dot < 0
    ? { subDomain: url, domain: '' }
    : { subDomain: url.slice(0, dot), domain: url.slice(dot + 1) };
}

/** Runs `work` on every item, at most `limit` at once, in order of the list. */
async function eachAtMost<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
