/**
 * Cached, paged lookups behind the plan (PRODUCT.md, Plan): every list is read once, at 50 per
 * page where the API pages (FACTS 1.6), and serves every row. Each method returns the same
 * promise to concurrent callers, so one call serves many rows.
 */
import type {
  BillingContact,
  Clients,
  CloudPbx,
  DidNumber,
  Domain,
  Firmware,
  MrCustomer,
  PpOrderDetails,
  ProvisionTemplate,
  Region,
  SharedTrunk,
  SubscriptionInfo,
  YcmCustomer,
} from '../../api/index.ts';
import { idText } from '../../api/index.ts';

/** PCE Instance product (FACTS 2.5). */
export const PCE_PRODUCT_ID = 13;

/** A purchased PCE instance (FACTS 2.4.4; seeds/003 step 1: note down its `productNo`). */
export interface PpInstance {
  productNo: string;
}

/** A plan or service of product 13 as purchase_product_info names it (seeds/003 step 2). */
export interface PpOffer {
  id: string;
  name: string;
}

export interface PpCatalogue {
  plans: PpOffer[];
  services: PpOffer[];
}

/** Lower-cased key for name matching. */
export const keyOf = (text: string): string => text.trim().toLowerCase();

export class Lookups {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    readonly clients: Clients,
    private readonly signal?: AbortSignal,
  ) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let hit = this.cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key));
    }
    return hit;
  }

  /** Forgets a cached list (after this run changed it). */
  forget(key: string): void {
    this.cache.delete(key);
  }

  private get ycm() {
    const ycm = this.clients.ycm;
    if (!ycm) throw new Error('YCM is not configured (YCM_BASE_URL, YCM_CLIENT_ID, YCM_CLIENT_SECRET).');
    return ycm;
  }

  regions(): Promise<Region[]> {
    return this.once('regions', () => this.ycm.regions(this.signal));
  }
  domains(regionId: number): Promise<Domain[]> {
    return this.once(`domains:${regionId}`, () => this.ycm.domains([regionId], this.signal));
  }
  firmwares(): Promise<Firmware[]> {
    return this.once('firmwares', () => this.ycm.firmwares(undefined, this.signal));
  }
  templates(): Promise<ProvisionTemplate[]> {
    return this.once('templates', () => this.ycm.provisionTemplates(this.signal));
  }
  customers(): Promise<YcmCustomer[]> {
    return this.once('customers', () => this.ycm.allCustomers(this.signal));
  }
  trunks(): Promise<SharedTrunk[]> {
    return this.once('trunks', () => this.ycm.sharedTrunks(this.signal));
  }
  subscription(): Promise<SubscriptionInfo> {
    return this.once('subscription', () => this.ycm.subscriptionInfo(undefined, this.signal));
  }

  /** Every DID, by number without its `+`. */
  dids(): Promise<Map<string, DidNumber>> {
    return this.once('dids', async () => {
      const all = await this.ycm.allDids(undefined, this.signal);
      return new Map(all.map((d) => [d.did.replace(/^\+/, ''), d]));
    });
  }
  async didById(id: number): Promise<DidNumber | undefined> {
    for (const d of (await this.dids()).values()) if (d.id === id) return d;
    return undefined;
  }

  /** The DIDs bound to a PBX before the run (FACTS 1.8.P), read once per PBX. */
  assignedDids(cloudPbxId: number): Promise<number[]> {
    return this.once(`assigned-dids:${cloudPbxId}`, () => this.ycm.getAssignedDids(cloudPbxId, this.signal));
  }
  /** The shared trunks assigned to a PBX before the run (FACTS 1.8.Q), read once per PBX. */
  assignedTrunks(cloudPbxId: number): Promise<number[]> {
    return this.once(`assigned-trunks:${cloudPbxId}`, () =>
      this.ycm.getAssignedTrunks(cloudPbxId, this.signal),
    );
  }

  /** Every Cloud PBX of the account, read once (one list call serves every row). */
  pbxs(): Promise<CloudPbx[]> {
    return this.once('pbxs', () => this.ycm.findAllCloudPbxs({}, this.signal));
  }

  /** The existing PBX a reference names, by id, URL, SN, subdomain (URL prefix) or name. */
  async findPbx(ref: {
    cloudPbxId?: number;
    url?: string;
    sn?: string;
    subDomain?: string;
    name?: string;
  }): Promise<CloudPbx | undefined> {
    const all = await this.pbxs();
    if (ref.cloudPbxId !== undefined) return all.find((p) => p.cloudPbxId === ref.cloudPbxId);
    if (ref.url) return all.find((p) => hostOf(String(p.url ?? '')) === hostOf(ref.url ?? ''));
    if (ref.sn) return all.find((p) => keyOf(String(p.sn ?? '')) === keyOf(ref.sn ?? ''));
    if (ref.subDomain) return all.find((p) => subDomainOf(p) === keyOf(ref.subDomain ?? ''));
    if (ref.name) return all.find((p) => keyOf(p.name) === keyOf(ref.name ?? ''));
    return undefined;
  }

  billingContacts(): Promise<BillingContact[]> {
    return this.once('billing', () => this.pp().billingContacts(this.signal));
  }

  /** PP instances of product 13 by SN (seeds/003 step 1: the list holds each PBX's `productNo`). */
  instances(): Promise<Map<string, PpInstance>> {
    return this.once('instances', async () => {
      const all = await this.pp().allInstanceProducts(PCE_PRODUCT_ID, this.signal);
      const map = new Map<string, PpInstance>();
      for (const item of all) {
        const productNo = idText(item['productNo']);
        if (productNo) map.set(productNo, { productNo });
      }
      return map;
    });
  }

  /**
   * Plans and services of product 13 (seeds/003 step 2: "note down the returned value of planId
   * and serviceId"). FACTS 2.4.2 has no structure for the reply, so it is read tolerantly: every
   * object anywhere in it with a `planId` (or `pricingPlanId`) is a plan, with a `serviceId` (or
   * `pricingServiceId`) a service, named by its first name-like field. Nothing is guessed: a plan
   * or service that cannot be told apart by name is left to the sheet's id columns.
   */
  catalogue(): Promise<PpCatalogue> {
    return this.once('catalogue', async () =>
      readCatalogue(await this.pp().purchaseProductInfo(PCE_PRODUCT_ID, undefined, this.signal)),
    );
  }

  /** Get Order Details of one order, read once a run (its SN never changes). */
  orderDetails(orderNo: string): Promise<PpOrderDetails> {
    return this.once(`order:${orderNo}`, () => this.pp().orderDetails(orderNo, this.signal));
  }

  myreportsCustomers(): Promise<MrCustomer[]> {
    return this.once('mr-customers', () => this.mr().allCustomers(undefined, this.signal));
  }

  pp() {
    const pp = this.clients.pp;
    if (!pp) throw new Error('The Partner Portal is not configured (PP_CLIENT_ID, PP_CLIENT_SECRET).');
    return pp;
  }
  mr() {
    const mr = this.clients.myreports;
    if (!mr) throw new Error('MyReports is not configured (MYREPORTS_TOKEN, MYREPORTS_ACCOUNT_ID).');
    return mr;
  }
}

/** The subdomain of a PBX: the first label of its URL (FACTS 1.8.A: URL = <subDomain>.<domain>). */
export function subDomainOf(pbx: CloudPbx): string {
  return keyOf(String(pbx.url ?? '').split('.')[0] ?? '');
}

/**
 * A PBX URL as users paste it ('https://Acme.yeastarcloud.com/', 'acme.yeastarcloud.com/login')
 * reduced to the host YCM lists, for matching only: the scheme, a path and case do not matter.
 */
function hostOf(url: string): string {
  return keyOf(
    url
      .trim()
      .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
      .split(/[/?#]/)[0] ?? '',
  );
}

const PLAN_ID_KEYS = ['planId', 'pricingPlanId'];
const SERVICE_ID_KEYS = ['serviceId', 'pricingServiceId'];
/** Objects visited at most (a reply is a few dozen; a hostile one must not run away). */
const MAX_VISITS = 10_000;

/** The plans and services anywhere in a purchase_product_info result (see Lookups.catalogue). */
export function readCatalogue(result: unknown): PpCatalogue {
  const catalogue: PpCatalogue = { plans: [], services: [] };
  const stack: unknown[] = [result];
  for (let visits = 0; stack.length > 0 && visits < MAX_VISITS; visits++) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const o = value as Record<string, unknown>;
    for (const inner of Object.values(o)) if (inner !== null && typeof inner === 'object') stack.push(inner);
    const serviceId = firstId(o, SERVICE_ID_KEYS);
    const planId = firstId(o, PLAN_ID_KEYS);
    const name = nameOf(o);
    if (serviceId) catalogue.services.push({ id: serviceId, name });
    else if (planId) catalogue.plans.push({ id: planId, name });
  }
  return catalogue;
}

function firstId(o: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const id = idText(o[key]);
    if (id && /^[0-9]+$/.test(id)) return id;
  }
  return undefined;
}

/** `name`, else the first string field whose key ends in "name" (planName, serviceName…). */
function nameOf(o: Record<string, unknown>): string {
  if (typeof o['name'] === 'string') return o['name'];
  for (const [key, value] of Object.entries(o))
    if (/name$/i.test(key) && typeof value === 'string') return value;
  return '';
}
