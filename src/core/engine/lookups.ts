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
  ProvisionTemplate,
  Region,
  SharedTrunk,
  SubscriptionInfo,
  YcmCustomer,
} from '../../api/index.ts';

/** PCE Instance product (FACTS 2.5). */
export const PCE_PRODUCT_ID = 13;

export interface PpInstance {
  productNo: string;
  connectionPlanId?: string;
  billingCycle?: string;
}

export interface PpCatalogue {
  plans: Map<string, string>;
  extensionServiceId?: string;
  recordingServiceId?: string;
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

  /** PP instances of product 13 by SN (their plan id and billing cycle). */
  instances(): Promise<Map<string, PpInstance>> {
    return this.once('instances', async () => {
      const all = await this.pp().allInstanceProducts(PCE_PRODUCT_ID, this.signal);
      const map = new Map<string, PpInstance>();
      for (const item of all) {
        const productNo = typeof item['productNo'] === 'string' ? item['productNo'] : undefined;
        if (!productNo) continue;
        const instance: PpInstance = { productNo };
        if (item['connectionPlanId'] !== undefined)
          instance.connectionPlanId = String(item['connectionPlanId']);
        if (typeof item['billingCycle'] === 'string') instance.billingCycle = item['billingCycle'];
        map.set(productNo, instance);
      }
      return map;
    });
  }

  /**
   * Plan and service ids of product 13 (FACTS 2.4.2; the result structure is NOT FOUND, so this
   * accepts `planList`/`serviceList` items with `planId`/`serviceId` and `name`, as the sandbox
   * assumes; nothing is guessed when they are missing).
   */
  catalogue(): Promise<PpCatalogue> {
    return this.once('catalogue', async () => {
      const info = await this.pp().purchaseProductInfo(PCE_PRODUCT_ID, undefined, this.signal);
      const items = (key: string): Array<Record<string, unknown>> =>
        Array.isArray(info[key]) ? (info[key] as Array<Record<string, unknown>>) : [];
      const plans = new Map<string, string>();
      for (const p of items('planList'))
        plans.set(keyOf(String(p['name'] ?? '')), String(p['planId'] ?? p['id'] ?? ''));
      const service = (pattern: RegExp): string | undefined => {
        const found = items('serviceList').find((s) => pattern.test(String(s['name'] ?? '')));
        return found ? String(found['serviceId'] ?? found['id'] ?? '') : undefined;
      };
      const catalogue: PpCatalogue = { plans };
      const ext = service(/extension/i);
      const rec = service(/recording/i);
      if (ext) catalogue.extensionServiceId = ext;
      if (rec) catalogue.recordingServiceId = rec;
      return catalogue;
    });
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
