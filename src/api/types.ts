/**
 * Shapes of the vendor data the clients return (FACTS 1.8, 2.4, 3.4). Only the fields the product
 * reads are typed; vendors send more, and the objects keep whatever else arrived.
 */

/** A write's outcome: the vendor's requestId is kept for the report and for support. */
export interface Written<T = object> {
  requestId: string | undefined;
  data: T;
}

/** YCM page: `{pageSize, pageNumber, total, list}` (FACTS 1.6). */
export interface YcmPage<T> {
  pageSize: number;
  pageNumber: number;
  total: number;
  list: T[];
}

export interface PageQuery {
  pageNumber?: number;
  /** At most 50 (FACTS 1.6); larger values are clamped. */
  pageSize?: number;
  /** Response field, `-field` for descending. */
  sort?: string;
}

export interface CloudPbx {
  cloudPbxId: number;
  name: string;
  sn?: string;
  url?: string;
  plan?: string;
  pbxStatus?: string;
  activationStatus?: string;
  type?: string;
  version?: string;
  extensionCapacity?: number;
  concurrentCallCapacity?: number;
  recordingStatus?: string;
  recordingCapacity?: number;
  transcriptionCapacity?: number;
  [field: string]: unknown;
}

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
export interface ProvisionTemplate {
  provisioningTemplateId: number;
  provisioningTemplateName: string;
  provisioningTemplateCreateTime?: number;
  provisioningTemplateModifyTime?: number;
}
export interface YcmCustomer {
  customerId: number;
  firstName?: string;
  lastName?: string;
  company?: string;
  email?: string;
  [field: string]: unknown;
}
export interface SharedTrunk {
  id: number;
  name: string;
  type: 'register' | 'did_based' | 'port_based' | string;
}
export interface DidNumber {
  id: number;
  did: string;
  didName?: string;
  creator?: string;
  trunkIds?: number[];
  /** A String in the vendor's examples (FACTS 1.8.X). */
  cloudPbxId?: string | number | null;
}
export interface TrunkDidRelation {
  trunkId: number;
  didIds: number[];
}
export interface CustomSipHeaderBinding {
  trunkId: number;
  headerId: number;
  value: string;
}
export interface ResizeBody {
  extensionCapacity: number;
  concurrentCallCapacity: number;
  recordingStatus: 'Enabled' | 'Disabled';
  recordingCapacity: number;
  transcriptionCapacity?: number;
}
export interface SubscriptionInfo {
  totalExtensions?: number;
  usedExtensions?: number;
  totalConcurrentCalls?: number;
  usedConcurrentCalls?: number;
  totalRecordings?: number;
  usedRecordings?: number;
  [field: string]: unknown;
}

/** PP page: `{count, pageNo, pageSize, results, total, totalPage}` (FACTS 2.3). */
export interface PpPage<T> {
  count?: number;
  pageNo: number;
  pageSize: number;
  results: T[];
  total: number;
  totalPage?: number;
}
export interface PpPageQuery {
  pageNo?: number;
  pageSize?: number;
}
export interface PpProduct {
  productId: number;
  name: string;
}
export interface BillingContact {
  billingContactId: string;
  company?: string;
  emailAddress?: string;
  [field: string]: unknown;
}
/** Order_Info of the order list (FACTS 2.4.10); only the documented fields are read. */
export interface PpOrder {
  id: string;
  orderNo?: string;
  orderStatus?: string;
  createTime?: number;
  [field: string]: unknown;
}

/** A page of the order list and the portal's own time when it answered (its `Date` header). */
export type PpOrderPage = PpPage<PpOrder> & { serverTimeMs?: number };

/** Create an Order's reply (seeds/003): `result:{instanceId, orderNo, orderStatus, productNo, transactionNo}`. */
export interface PpOrderReply {
  orderNo: string;
  /** `succeed` is the only success (FACTS 2.4.9); `pending` and the rest are not. */
  orderStatus: string;
  transactionNo?: string;
  /** Not an order id (FACTS 2.4.9). */
  instanceId?: string;
  productNo?: string;
  requestId?: string;
}

/** What Get Order Details says of an order (FACTS 2.4.11): its SN, status and number. */
export interface PpOrderDetails {
  orderNo?: string;
  orderStatus?: string;
  productNo?: string;
  createTime?: number;
}

/** MyReports customer (FACTS 3.4.2). */
export interface MrCustomer {
  id: string;
  name: string;
  description?: string;
  enabled?: boolean;
  reference?: string;
  parentTenantId?: string;
}
/** MyReports PBX connection profile (FACTS 3.5); `_type` picks the fields. */
export interface MrProfile {
  _type: string;
  name: string;
  id?: string;
  tenantId?: string;
  enabled?: boolean;
  [field: string]: unknown;
}
export interface MrInstanceLookup {
  exists: boolean;
  instanceId?: string;
  id?: string;
  tenantId?: string;
}
