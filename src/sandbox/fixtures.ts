/**
 * Fixture data of the sandbox. Other code and tests rely on these exact values (ids, names, SNs,
 * demo credentials), so they are exported as constants and used to build the initial state.
 */
import type { Did, Pbx, SandboxState, YcmCustomer } from './state.ts';

export const DEMO_CREDENTIALS = {
  ycm: { clientId: 'sandbox-ycm-client', clientSecret: 'sandbox-ycm-secret' },
  pp: { clientId: 'sandbox-pp-client', clientSecret: 'sandbox-pp-secret' },
  myreports: { token: 'sandbox-myreports-token', accountId: '0c9d8e7f-1a2b-4c3d-8e9f-001122334455' },
} as const;

export const REGIONS = [
  { regionId: 1, region: 'US East (Virginia)' },
  { regionId: 2, region: 'Europe (Frankfurt)' },
] as const;
export const DOMAINS = [
  { regionId: 1, domainId: 11, domain: 'yeastarcloud.com' },
  { regionId: 2, domainId: 21, domain: 'eu.yeastarcloud.com' },
] as const;
export const FIRMWARES = [
  { versionId: 701, version: '84.21.0.70', regionIds: [1, 2] },
  { versionId: 702, version: '84.19.0.22', regionIds: [1, 2] },
  { versionId: 703, version: '84.18.0.10', regionIds: [1, 2] },
  // Custom SIP header bindings take effect from 84.22.0.134 (seeds/004).
  { versionId: 704, version: '84.22.0.134', regionIds: [1, 2] },
] as const;
export const PROVISION_TEMPLATE = { id: 306, name: 'Default Template' } as const;
export const YCM_USER_ID = 7001;
export const NAMED_CUSTOMERS = [
  {
    customerId: 50001,
    firstName: 'Alice',
    lastName: 'Archer',
    company: 'Acme Ltd',
    email: 'alice@acme.example',
  },
  { customerId: 50002, firstName: 'Bob', lastName: 'Brown', company: 'Globex', email: 'bob@globex.example' },
] as const;
/** Generated customers cust001@example.test … so that paging matters (ids 50101…). */
export const GENERATED_CUSTOMER_COUNT = 120;
export const TRUNKS = [
  { id: 6681, name: 'US_Register_A1B2C3', type: 'register', regionId: 1 },
  { id: 6682, name: 'EU_DID_D4E5F6', type: 'did_based', regionId: 2 },
  { id: 6683, name: 'US_Port_G7H8I9', type: 'port_based', regionId: 1 },
] as const;
/** US DIDs +12025550101…199 are ids 1001…1099 on trunk 6681; EU +4930555001…050 are 1101…1150. */
export const US_DID_FIRST_ID = 1001;
export const EU_DID_FIRST_ID = 1101;
/** US DIDs …190 to …199 (ids 1090–1099) start bound to PBX 42100. */
export const PREBOUND_DID_IDS = Array.from({ length: 10 }, (_, i) => 1090 + i);
export const EXISTING_PBX_IDS = { existing: 42100, legacy: 42101 } as const;
export const EXISTING_SNS = { existing: '3658B4311196A001', legacy: '3658B4311196A002' } as const;
export const SUBSCRIPTION_TOTALS = {
  extensions: 100000,
  concurrentCalls: 50000,
  recordings: 1000000,
} as const;

/** PP pricing ids (FACTS 2.5, older PCE tutorial) — strings, they exceed 2^53. */
export const PP_PRODUCT_ID_PCE = 13;
export const PP_PLAN_IDS = { enterprise: '3048571730026938368', ultimate: '3048572026291630080' } as const;
export const PP_SERVICE_IDS = {
  extensions: '3048573516041273344',
  recording: '3048573759449317376',
} as const;
export const PP_BILLING_CONTACT_ID = '1001';
export const PP_PRODUCTS = [
  { productId: 9, name: 'Linkus Cloud Service' },
  { productId: 11, name: 'P-Series Plan for Appliance Edition' },
  { productId: 12, name: 'Software PBX (PSE Self-hosted)' },
  { productId: 13, name: 'Cloud PBX (PCE Instance)' },
  { productId: 14, name: 'P-Series Turnkey Package' },
] as const;

export const MR_ACCOUNT_ID = DEMO_CREDENTIALS.myreports.accountId;
export const MR_CUSTOMERS = {
  acme: { id: '7f8a1c2e-0b1d-4c3e-9f00-1a2b3c4d5e6f', name: 'Acme Ltd' },
  globex: { id: '1e2d3c4b-5a69-4788-9a0b-c1d2e3f40516', name: 'Globex' },
} as const;

/** Plan name (YCM) → PP plan id. */
export function planIdOf(plan: string): string {
  return plan === 'Ultimate Plan' ? PP_PLAN_IDS.ultimate : PP_PLAN_IDS.enterprise;
}

const FIXTURE_TIME = 1_700_000_000;

function customers(): YcmCustomer[] {
  const list: YcmCustomer[] = NAMED_CUSTOMERS.map((c) => ({ ...c }));
  for (let i = 1; i <= GENERATED_CUSTOMER_COUNT; i++) {
    const n = String(i).padStart(3, '0');
    list.push({
      customerId: 50100 + i,
      firstName: 'Customer',
      lastName: n,
      company: `Company ${n}`,
      email: `cust${n}@example.test`,
    });
  }
  return list;
}

function dids(): Did[] {
  const list: Did[] = [];
  for (let n = 1; n <= 99; n++) {
    const num = `+120255501${String(n).padStart(2, '0')}`;
    list.push({ id: 1000 + n, did: num, didName: `US DID ${n}`, creator: 'Sandbox', trunkIds: [6681] });
  }
  for (let n = 1; n <= 50; n++) {
    const num = `+4930555${String(n).padStart(3, '0')}`;
    list.push({ id: 1100 + n, did: num, didName: `EU DID ${n}`, creator: 'Sandbox', trunkIds: [6682] });
  }
  return list;
}

function pbx(
  id: number,
  name: string,
  subDomain: string,
  sn: string,
  versionId: number,
  cycle: Pbx['billingCycle'],
  ext: number,
  rec: number,
): Pbx {
  return {
    cloudPbxId: id,
    name,
    sn,
    plan: 'Enterprise Plan',
    planId: PP_PLAN_IDS.enterprise,
    billingCycle: cycle,
    extensionCapacity: ext,
    concurrentCallCapacity: 10,
    recordingStatus: rec > 0 ? 'Enabled' : 'Disabled',
    recordingCapacity: rec,
    transcriptionCapacity: 0,
    regionId: 1,
    domainId: 11,
    subDomain,
    versionId,
    type: 'Commercial',
    customerIds: [50001],
    trunkDidRelations: [],
    settings: {
      upgradeInPbx: 'Enabled',
      im: 'Enabled',
      passwordlessLogin: 'Disabled',
      allowSuperiorPasswordlessLogin: 'Disabled',
    },
    pbxStatus: 'Running',
    activationStatus: 'Activated',
    createTime: FIXTURE_TIME,
    planExpirationDate: FIXTURE_TIME + 365 * 86400,
  };
}

/** The initial state of a fresh sandbox. */
export function createInitialState(): SandboxState {
  const existing = pbx(42100, 'Existing Co', 'existingco', EXISTING_SNS.existing, 701, 'monthly', 20, 100);
  existing.trunkDidRelations = [{ trunkId: 6681, didIds: [...PREBOUND_DID_IDS] }];
  const legacy = pbx(42101, 'Legacy Co', 'legacyco', EXISTING_SNS.legacy, 703, 'annually', 10, 0);
  legacy.customerIds = [50002];
  return {
    version: 1,
    next: { pbx: 42200, sn: 1, did: 2000, customer: 60000, order: 1 },
    ycm: {
      regions: REGIONS.map((r) => ({ ...r })),
      domains: DOMAINS.map((d) => ({ ...d })),
      firmwares: FIRMWARES.map((f) => ({ ...f, regionIds: [...f.regionIds] })),
      templates: [
        {
          provisioningTemplateId: 306,
          provisioningTemplateName: 'Default Template',
          provisioningTemplateCreateTime: FIXTURE_TIME,
          provisioningTemplateModifyTime: FIXTURE_TIME,
        },
      ],
      customers: customers(),
      trunks: TRUNKS.map((t) => ({ ...t })),
      dids: dids(),
      pbxs: [existing, legacy],
      subscription: {
        userId: YCM_USER_ID,
        totalExtensions: SUBSCRIPTION_TOTALS.extensions,
        totalConcurrentCalls: SUBSCRIPTION_TOTALS.concurrentCalls,
        totalRecordings: SUBSCRIPTION_TOTALS.recordings,
      },
    },
    pp: {
      catalog: [
        { id: PP_PLAN_IDS.enterprise, name: 'Enterprise Plan', kind: 'plan' },
        { id: PP_PLAN_IDS.ultimate, name: 'Ultimate Plan', kind: 'plan' },
        {
          id: PP_SERVICE_IDS.extensions,
          name: 'Extension Expansion',
          kind: 'service',
          adds: 'extensionCapacity',
        },
        {
          id: PP_SERVICE_IDS.recording,
          name: 'Recording Minutes',
          kind: 'service',
          adds: 'recordingCapacity',
        },
      ],
      billingContacts: [
        {
          billingContactId: PP_BILLING_CONTACT_ID,
          company: 'Sandbox Reseller',
          firstName: 'Rita',
          lastName: 'Reseller',
          emailAddress: 'billing@reseller.example',
          country: 'United States',
        },
      ],
      orders: [],
    },
    mr: {
      accounts: [{ id: MR_ACCOUNT_ID, name: 'Sandbox Reseller', enabled: true }],
      customers: Object.values(MR_CUSTOMERS).map((c, i) => ({
        id: c.id,
        name: c.name,
        description: '',
        reference: `REF${i + 1}`,
        enabled: true,
        parentTenantId: MR_ACCOUNT_ID,
        countryCode: 'US',
        dateCreated: '2024-01-01T09:00:00.000',
      })),
      profiles: [],
    },
  };
}
