/**
 * Plan for PBX rows: resolve every name to its ID (region, domain in that region, firmware,
 * customers by email, template, trunk, DID numbers), check the subdomain is free, the DIDs are
 * usable on the trunk and the firmware supports what the row asks (FACTS 1.8.A, PRODUCT.md Plan).
 */
import { supports, FIRMWARE_GATES, type FirmwareFeature } from '../../api/firmware.ts';
import type { RowRecord } from '../model.ts';
import { buildPayload } from '../validate/payload.ts';
import { columnName } from '../validate/messages.ts';
import { CATALOGUES } from '../schema/catalogue.ts';
import { keyOf, subDomainOf, type Lookups } from './lookups.ts';
import { errorOn, type PbxAction, type PlannedRow } from './planned.ts';

/** Sheet-only columns that are replaced by resolved IDs before the call. */
const NAME_FIELDS = [
  'region',
  'domain',
  'firmware',
  'customerEmails',
  'provisionTemplate',
  'trunk',
  'trunkId',
  'dids',
  'didIds',
];

export async function resolvePbx(row: PlannedRow, lookups: Lookups): Promise<PbxAction | undefined> {
  const r = row.record;
  const col = (path: string): string => columnName('pbx', path, r.headers);
  const fail = (path: string, message: string): undefined => {
    errorOn(row.report, col(path), message);
    return undefined;
  };
  const v = r.values;
  const regions = await lookups.regions();
  const region =
    typeof v['regionId'] === 'number'
      ? regions.find((x) => x.regionId === v['regionId'])
      : regions.find((x) => keyOf(x.region) === keyOf(String(v['region'] ?? '')));
  if (!region)
    return fail(
      v['regionId'] !== undefined ? 'regionId' : 'region',
      `Unknown region. Available: ${regions.map((x) => `${x.region} (${x.regionId})`).join(', ')}.`,
    );
  if (mismatch(v['regionId'], v['region'], region.region))
    return fail(
      'region',
      bothGiven(col('regionId'), v['regionId'], region.region, col('region'), v['region']),
    );
  const domains = await lookups.domains(region.regionId);
  const domain =
    typeof v['domainId'] === 'number'
      ? domains.find((d) => d.domainId === v['domainId'])
      : domains.find((d) => keyOf(d.domain) === keyOf(String(v['domain'] ?? '')));
  if (!domain)
    return fail(
      v['domainId'] !== undefined ? 'domainId' : 'domain',
      `This domain is not available in ${region.region}. Available: ${domains.map((d) => d.domain).join(', ') || 'none'}.`,
    );
  if (mismatch(v['domainId'], v['domain'], domain.domain))
    return fail(
      'domain',
      bothGiven(col('domainId'), v['domainId'], domain.domain, col('domain'), v['domain']),
    );
  const firmwares = (await lookups.firmwares()).filter(
    (f) => f.regionIds.length === 0 || f.regionIds.includes(region.regionId),
  );
  const firmware =
    typeof v['versionId'] === 'number'
      ? firmwares.find((f) => f.versionId === v['versionId'])
      : firmwares.find((f) => f.version === v['firmware']);
  if (!firmware)
    return fail(
      v['versionId'] !== undefined ? 'versionId' : 'firmware',
      `This firmware is not available in ${region.region}. Available: ${firmwares.map((f) => f.version).join(', ')}.`,
    );

  if (mismatch(v['versionId'], v['firmware'], firmware.version))
    return fail(
      'firmware',
      bothGiven(col('versionId'), v['versionId'], firmware.version, col('firmware'), v['firmware']),
    );

  // The subdomain must be free (FACTS 1.8.A; uniqueness per domain is INFER). A PBX with the same
  // subdomain and name is most likely this row's, created by an earlier run without a journal.
  const subDomain = String(v['subDomain'] ?? '');
  const taken = (await lookups.pbxs()).find(
    (p) =>
      keyOf(String(p.url ?? '')) === keyOf(`${subDomain}.${domain.domain}`) ||
      subDomainOf(p) === keyOf(subDomain),
  );
  if (taken) {
    if (keyOf(taken.name) === keyOf(String(v['name'] ?? ''))) {
      row.report.status = 'skipped';
      row.report.ids = {
        cloudPbxId: String(taken.cloudPbxId),
        ...(taken.sn && { sn: taken.sn }),
        ...(taken.url && { url: taken.url }),
      };
      row.report.messages.push({
        level: 'info',
        message: `Already exists as PBX ${taken.cloudPbxId} (${taken.url ?? subDomain}); it will not be created again.`,
        reason: 'already-exists',
      });
      return undefined;
    }
    return fail(
      'subDomain',
      `The subdomain '${subDomain}' is taken by PBX '${taken.name}' (${taken.url ?? ''}). Choose another.`,
    );
  }
  const body: Record<string, unknown> = buildPayload({ ...r, values: withoutNames(r) });
  body['regionId'] = region.regionId;
  body['domainId'] = domain.domainId;
  body['versionId'] = firmware.versionId;
  // Seeds/000 sends `"autoActivated":"true"`, a string, though the table types it Boolean
  // (FACTS 1.8.A): the seed is the contract, so the sheet's TRUE/FALSE goes out as "true"/"false".
  if (typeof body['autoActivated'] === 'boolean') body['autoActivated'] = String(body['autoActivated']);

  const ok = await Promise.all([
    resolveCustomers(row, lookups, body),
    resolveTemplate(row, lookups, body),
    resolveDids(row, lookups, body, firmware.version),
  ]);
  for (const field of CATALOGUES.pbx.fields) {
    if (field.firmware && r.values[field.path] !== undefined)
      gate(row, field.path, field.firmware, firmware.version, r.values[field.path]);
  }
  if (!ok.every(Boolean) || row.report.messages.some((m) => m.level === 'error')) return undefined;
  return {
    type: 'pbx',
    body,
    subDomain,
    name: String(v['name'] ?? ''),
    firmware: firmware.version,
    url: `${subDomain}.${domain.domain}`,
  };
}

function withoutNames(r: RowRecord): RowRecord['values'] {
  return Object.fromEntries(Object.entries(r.values).filter(([key]) => !NAME_FIELDS.includes(key)));
}

function gate(
  row: PlannedRow,
  path: string,
  feature: FirmwareFeature,
  version: string,
  value: unknown,
): void {
  if (value === 'Disabled' || value === false || value === 0) return;
  if (!supports(version, feature)) {
    errorOn(
      row.report,
      columnName('pbx', path, row.record.headers),
      `Needs PBX firmware ${FIRMWARE_GATES[feature]} or later; firmware ${version} was chosen.`,
    );
  }
}

async function resolveCustomers(
  row: PlannedRow,
  lookups: Lookups,
  body: Record<string, unknown>,
): Promise<boolean> {
  const v = row.record.values;
  const customers = await lookups.customers();
  // Both columns may be filled: each lists customers, and the PBX is given every one of them.
  const ids: number[] = [];
  if (Array.isArray(v['customerIds'])) {
    const given = v['customerIds'].map(Number);
    const missing = given.filter((id) => !customers.some((c) => c.customerId === id));
    if (missing.length) {
      errorOn(
        row.report,
        columnName('pbx', 'customerIds', row.record.headers),
        `Unknown customer ID(s): ${missing.join(', ')}.`,
      );
      return false;
    }
    ids.push(...given);
  }
  const emails = Array.isArray(v['customerEmails']) ? v['customerEmails'].map(String) : [];
  for (const email of emails) {
    const found = customers.find((c) => keyOf(String(c.email ?? '')) === keyOf(email));
    if (!found) {
      errorOn(
        row.report,
        columnName('pbx', 'customerEmails', row.record.headers),
        `No YCM customer has the email ${email}. Create the customer in YCM first.`,
      );
      return false;
    }
    ids.push(found.customerId);
  }
  body['customerIds'] = [...new Set(ids)];
  return true;
}

/**
 * A reference given both by ID and by name (`Region ID` 3 and `Region` "US East"): the ID is what
 * is sent, so a name that names something else means one of the two cells is wrong, and only the
 * user knows which. Names compare as lookups do (case and spacing ignored).
 */
function mismatch(id: unknown, name: unknown, nameOfId: string): boolean {
  return (
    typeof id === 'number' &&
    typeof name === 'string' &&
    name.trim() !== '' &&
    keyOf(name) !== keyOf(nameOfId)
  );
}

function bothGiven(
  idColumn: string,
  id: unknown,
  nameOfId: string,
  nameColumn: string,
  name: unknown,
): string {
  return `'${idColumn}' ${String(id)} is '${nameOfId}', but '${nameColumn}' says '${String(name)}': correct the one that is wrong, or clear one of them.`;
}

async function resolveTemplate(
  row: PlannedRow,
  lookups: Lookups,
  body: Record<string, unknown>,
): Promise<boolean> {
  const v = row.record.values;
  if (v['provisionTemplateId'] === undefined && v['provisionTemplate'] === undefined) return true;
  const templates = await lookups.templates();
  const found =
    typeof v['provisionTemplateId'] === 'number'
      ? templates.find((t) => t.provisioningTemplateId === v['provisionTemplateId'])
      : templates.find((t) => keyOf(t.provisioningTemplateName) === keyOf(String(v['provisionTemplate'])));
  if (!found) {
    errorOn(
      row.report,
      columnName(
        'pbx',
        v['provisionTemplateId'] !== undefined ? 'provisionTemplateId' : 'provisionTemplate',
        row.record.headers,
      ),
      `Unknown provisioning template. Available: ${templates.map((t) => t.provisioningTemplateName).join(', ') || 'none'}.`,
    );
    return false;
  }
  if (mismatch(v['provisionTemplateId'], v['provisionTemplate'], found.provisioningTemplateName)) {
    const c = (p: string): string => columnName('pbx', p, row.record.headers);
    errorOn(
      row.report,
      c('provisionTemplate'),
      bothGiven(
        c('provisionTemplateId'),
        v['provisionTemplateId'],
        found.provisioningTemplateName,
        c('provisionTemplate'),
        v['provisionTemplate'],
      ),
    );
    return false;
  }
  body['provisionTemplateId'] = found.provisioningTemplateId;
  return true;
}

async function resolveDids(
  row: PlannedRow,
  lookups: Lookups,
  body: Record<string, unknown>,
  version: string,
): Promise<boolean> {
  const v = row.record.values;
  if (v['dids'] === undefined && v['didIds'] === undefined) return true;
  const path = v['dids'] !== undefined ? 'dids' : 'didIds';
  if (!supports(version, 'didBinding')) {
    errorOn(
      row.report,
      columnName('pbx', path, row.record.headers),
      `DIDs at creation need firmware ${FIRMWARE_GATES.didBinding} or later; firmware ${version} was chosen.`,
    );
    return false;
  }
  const resolved = await resolveTrunkAndDids(row, lookups, 'pbx', undefined);
  if (!resolved) return false;
  body['trunkDidRelations'] = [{ trunkId: resolved.trunkId, didIds: resolved.didIds }];
  return true;
}

/**
 * The trunk (by ID or name) and its DIDs (by ID or number) of a PBX or DID Bindings row; each DID
 * must be carried by the trunk and free, or already bound to `targetPbxId` (FACTS 1.8.O, 1.8.X).
 */
export async function resolveTrunkAndDids(
  row: PlannedRow,
  lookups: Lookups,
  kind: 'pbx' | 'did',
  targetPbxId: number | undefined,
  requireFree = true,
): Promise<{ trunkId: number; didIds: number[] } | undefined> {
  const v = row.record.values;
  const col = (p: string): string => columnName(kind, p, row.record.headers);
  const trunks = await lookups.trunks();
  const trunk =
    typeof v['trunkId'] === 'number'
      ? trunks.find((t) => t.id === v['trunkId'])
      : trunks.find((t) => keyOf(t.name) === keyOf(String(v['trunk'] ?? '')));
  if (!trunk) {
    errorOn(
      row.report,
      col(v['trunkId'] !== undefined ? 'trunkId' : 'trunk'),
      `Unknown or unavailable shared trunk. Available: ${trunks.map((t) => t.name).join(', ') || 'none'}.`,
    );
    return undefined;
  }
  if (mismatch(v['trunkId'], v['trunk'], trunk.name)) {
    errorOn(
      row.report,
      col('trunk'),
      bothGiven(col('trunkId'), v['trunkId'], trunk.name, col('trunk'), v['trunk']),
    );
    return undefined;
  }
  const dids = await lookups.dids();
  const didIds: number[] = [];
  const problems: string[] = [];
  const numbers = Array.isArray(v['dids']) ? v['dids'].map(String) : [];
  const byId = Array.isArray(v['didIds']) ? v['didIds'].map(Number) : [];
  const entries = [
    ...numbers.map((n) => ({ label: n, did: dids.get(n.replace(/^\+/, '')) })),
    ...(await Promise.all(byId.map(async (id) => ({ label: `ID ${id}`, did: await lookups.didById(id) })))),
  ];
  for (const { label, did } of entries) {
    if (!did) problems.push(`${label} is not in YCM's DID list`);
    else if (!(did.trunkIds ?? []).includes(trunk.id))
      problems.push(`${label} is not carried by trunk ${trunk.name}`);
    else if (
      requireFree &&
      did.cloudPbxId !== null &&
      did.cloudPbxId !== undefined &&
      did.cloudPbxId !== '' &&
      Number(did.cloudPbxId) !== targetPbxId
    )
      problems.push(`${label} is already bound to PBX ${String(did.cloudPbxId)}`);
    else didIds.push(did.id);
  }
  if (problems.length) {
    errorOn(row.report, col(numbers.length ? 'dids' : 'didIds'), `${problems.join('; ')}.`);
    return undefined;
  }
  return { trunkId: trunk.id, didIds };
}
