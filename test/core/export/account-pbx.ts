/** An AccountPbx for the export and reconcile unit tests. */
import type { AccountPbx } from '../../../src/core/export/account.ts';

export function accountPbx(overrides: Partial<AccountPbx> = {}): AccountPbx {
  return {
    cloudPbxId: 42100,
    name: 'Acme',
    sn: '3658B4311197XXXX',
    url: 'acme.eu.yeastarcloud.com',
    subDomain: 'acme',
    domain: 'eu.yeastarcloud.com',
    region: 'EU (Frankfurt)',
    firmware: '84.21.0.70',
    plan: 'Enterprise Plan',
    type: 'Commercial',
    pbxStatus: 'Running',
    extensionCapacity: 40,
    concurrentCallCapacity: 10,
    recordingStatus: 'Enabled',
    recordingCapacity: 100,
    toggles: { upgradeInPbx: 'Enabled', im: 'Disabled' },
    customerIds: [50001, 50002],
    customerEmails: ['a@acme.example', 'b@acme.example'],
    bindings: [{ trunkId: 6681, trunk: 'US_A1B2C3', dids: [{ id: 1001, did: '+12025550101' }] }],
    unplaced: [],
    ...overrides,
  };
}
