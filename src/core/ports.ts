/**
 * What the plan and run engine needs from the three APIs: a narrow view of the clients in
 * src/api, so the engine can be driven by the real clients (against the sandbox or live targets).
 * Shapes follow api/FACTS.md; every call resolves to the vendor's data or throws an ApiError.
 */

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
}
export interface Customer {
  customerId: number;
  email?: string;
  company?: string;
}
export interface SharedTrunk {
  id: number;
  name: string;
  type: string;
}
export interface Did {
  id: number;
  did: string;
  trunkIds: number[];
  cloudPbxId?: string | number | null;
}
export interface CloudPbx {
  cloudPbxId: number;
  name: string;
  sn?: string;
  url?: string;
  plan?: string;
  version?: string;
  extensionCapacity?: number;
  concurrentCallCapacity?: number;
  recordingStatus?: string;
  recordingCapacity?: number;
  transcriptionCapacity?: number;
}
export interface Subscription {
  totalExtensions?: number;
  usedExtensions?: number;
  totalConcurrentCalls?: number;
  usedConcurrentCalls?: number;
  totalRecordings?: number;
  usedRecordings?: number;
}
export interface WriteResult<T = undefined> {
  data: T;
  requestId?: string;
}
