/**
 * The account as template rows (issue 18): one PBX row per Cloud PBX and one DID Bindings row per
 * PBX and trunk, keyed by the catalogue's field paths (src/core/schema), plus the export's
 * read-only columns (validate/exported-rows.ts). Secret columns stay empty; so do columns the
 * account's lists do not document (FACTS: pbxApi, trunkConfigurationAccess, transcription minutes,
 * run after expiration, the initial configuration, the provisioning template).
 */
import { BOUND } from '../validate/exported-rows.ts';
import type { AccountPbx } from './account.ts';

/** One exported row: template cells by field path, read-only cells by header. */
export interface ExportRow {
  fields: Record<string, string>;
  readOnly: Record<string, string>;
}

/** The PBX sheet's row of `pbx`. */
export function pbxRow(pbx: AccountPbx): ExportRow {
  const fields: Record<string, string> = {
    name: pbx.name,
    plan: pbx.plan,
    region: pbx.region,
    subDomain: pbx.subDomain,
    domain: pbx.domain,
    firmware: pbx.firmware,
    type: pbx.type,
  };
  const numbers: Record<string, number | undefined> = {
    extensionCapacity: pbx.extensionCapacity,
    concurrentCallCapacity: pbx.concurrentCallCapacity,
    recordingCapacity: pbx.recordingCapacity,
    expirationDate: pbx.expirationDate,
  };
  for (const [path, value] of Object.entries(numbers)) if (value !== undefined) fields[path] = String(value);
  if (pbx.recordingStatus !== undefined) fields['recordingStatus'] = pbx.recordingStatus;
  for (const [path, value] of Object.entries(pbx.toggles)) fields[path] = value;
  if (pbx.customerIds !== undefined) fields['customerIds'] = pbx.customerIds.join(', ');
  if (pbx.customerEmails !== undefined) fields['customerEmails'] = pbx.customerEmails.join(', ');
  return {
    fields: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== '')),
    readOnly: { 'Cloud PBX ID': String(pbx.cloudPbxId), SN: pbx.sn, URL: pbx.url, Status: pbx.pbxStatus },
  };
}

/** The DID Bindings rows of `pbx`: one per trunk, and one for DIDs whose trunk is unknown. */
export function didRows(pbx: AccountPbx): ExportRow[] {
  const target = { 'pbx.subDomain': pbx.subDomain, 'pbx.cloudPbxId': String(pbx.cloudPbxId) };
  const rows: ExportRow[] = pbx.bindings.map((b) => ({
    fields: {
      ...target,
      trunkId: String(b.trunkId),
      ...(b.trunk !== undefined && { trunk: b.trunk }),
      dids: b.dids.map((d) => d.did).join(', '),
      didIds: b.dids.map((d) => d.id).join(', '),
      mode: 'add',
    },
    readOnly: { Status: BOUND },
  }));
  if (pbx.unplaced.length > 0) {
    rows.push({
      fields: {
        ...target,
        dids: pbx.unplaced.map((d) => d.did).join(', '),
        didIds: pbx.unplaced.map((d) => d.id).join(', '),
        mode: 'add',
      },
      readOnly: {
        Status: `${BOUND}; trunk unknown: ${pbx.unplaced.map((d) => `${d.did} ${d.reason}`).join('; ')}`,
      },
    });
  }
  return rows;
}
