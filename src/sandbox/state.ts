/**
 * The sandbox's mutable world: YCM objects, PP orders, MyReports profiles. Kept in memory; with a
 * state file it is loaded at start and written atomically (temp file + rename) after each mutation,
 * so a standalone sandbox survives restarts and a crash never leaves a half-written file.
 * Secrets (admin passwords, apiKey, 3CX password) are never stored.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface Region {
  regionId: number;
  region: string;
}
export interface Domain {
  regionId: number;
  domainId: number;
  domain: string;
}
export interface Firmware {
  versionId: number;
  version: string;
  regionIds: number[];
}
export interface Template {
  provisioningTemplateId: number;
  provisioningTemplateName: string;
  provisioningTemplateCreateTime: number;
  provisioningTemplateModifyTime: number;
}
export interface YcmCustomer {
  customerId: number;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
}
export interface Trunk {
  id: number;
  name: string;
  type: 'register' | 'did_based' | 'port_based';
  regionId: number;
}
export interface Did {
  id: number;
  did: string;
  didName: string;
  creator: string;
  trunkIds: number[];
}
export interface TrunkDidRelation {
  trunkId: number;
  didIds: number[];
}
/** One custom SIP header value of a PBX on a shared trunk (seeds/004 Custom_SIP_Header). */
export interface CustomSipHeader {
  trunkId: number;
  headerId: number;
  value: string;
}
/** A cloud PBX; the field names are those of FACTS 1.8.B/1.8.C, plus PP-side plan id and cycle. */
export interface Pbx {
  cloudPbxId: number;
  name: string;
  sn: string;
  plan: string;
  planId: string;
  billingCycle: 'monthly' | 'annually';
  extensionCapacity: number;
  concurrentCallCapacity: number;
  recordingStatus: string;
  recordingCapacity: number;
  transcriptionCapacity: number;
  regionId: number;
  domainId: number;
  subDomain: string;
  versionId: number;
  type: string;
  expirationDate?: number;
  allowRunAfterExpirationDate?: boolean;
  customerIds: number[];
  trunkDidRelations: TrunkDidRelation[];
  /** seeds/004; firmware 84.22.0.134+ only. Absent = none. */
  customSipHeadersBindings?: CustomSipHeader[];
  settings: Record<string, string>;
  provisionTemplateId?: number;
  pbxStatus: string;
  /** While `pbxStatus` is the new-PBX status: the sandbox-clock ms at which it becomes Running. */
  startingUntil?: number;
  activationStatus: string;
  createTime: number;
  planExpirationDate: number;
}
export interface Subscription {
  userId: number;
  totalExtensions: number;
  totalConcurrentCalls: number;
  totalRecordings: number;
}
export interface PpOrder {
  id: string;
  orderNo: string;
  transactionNo: string;
  /** The PP instance the order is for (seed 003's reply: not an order id). */
  instanceId: string;
  productId: number;
  productNo: string;
  operationType: string;
  billingId: string;
  createTime: number;
  /** `pending` until `settlesAtMs` (sandbox clock), then `finalStatus`. */
  settlesAtMs: number;
  finalStatus: string;
  currencyCode: string;
  serviceList: Record<string, unknown>[];
}
export interface PpCatalogItem {
  id: string;
  name: string;
  kind: 'plan' | 'service';
  /** For services: which PBX capacity an order adds to. */
  adds?: 'extensionCapacity' | 'recordingCapacity';
}
export interface BillingContact {
  billingContactId: string;
  company: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  country: string;
}
export interface MrAccount {
  id: string;
  name: string;
  enabled: boolean;
}
export interface MrCustomer {
  id: string;
  name: string;
  description: string;
  reference: string;
  enabled: boolean;
  parentTenantId: string;
  countryCode: string;
  dateCreated: string;
}
/** A MyReports PBX profile without its secrets (apiKey, password are accepted, then dropped). */
export interface MrProfile {
  id: string;
  tenantId: string;
  _type: string;
  name: string;
  instanceId: string;
  countryCode: string;
  enabled: boolean;
  fields: Record<string, unknown>;
}

export interface SandboxState {
  version: 1;
  next: { pbx: number; sn: number; did: number; customer: number; order: number };
  ycm: {
    regions: Region[];
    domains: Domain[];
    firmwares: Firmware[];
    templates: Template[];
    customers: YcmCustomer[];
    trunks: Trunk[];
    dids: Did[];
    pbxs: Pbx[];
    subscription: Subscription;
  };
  pp: { catalog: PpCatalogItem[]; billingContacts: BillingContact[]; orders: PpOrder[] };
  mr: { accounts: MrAccount[]; customers: MrCustomer[]; profiles: MrProfile[] };
}

/** Holds the state and persists it when a file is configured. */
export class StateStore {
  state: SandboxState;

  constructor(
    private readonly file: string | undefined,
    initial: () => SandboxState,
  ) {
    this.state =
      file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SandboxState) : initial();
    if (file && !existsSync(file)) this.persist();
  }

  /** Writes the state atomically: a crash leaves either the old or the new file, never a torn one. */
  persist(): void {
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state), { mode: 0o600 });
    renameSync(tmp, this.file);
  }

  /** A deep copy, so tests cannot change the sandbox by accident. */
  snapshot(): SandboxState {
    return structuredClone(this.state);
  }
}
