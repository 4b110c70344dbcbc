/**
 * Plan for PBX rows: resolve every name to its ID (region, domain in that region, firmware,
 * customers by email, template, trunk, DID numbers), check the subdomain is free, the DIDs are
 * usable on the trunk and the firmware supports what the row asks (FACTS 1.8.A, PRODUCT.md Plan).
 */
import { supports, FIRMWARE_GATES, type FirmwareFeature } from '../../../api/firmware.ts';
import type { Domain, Firmware, Region } from '../../../api/index.ts';
import { keyOf, subDomainOf, type Lookups } from '../../engine/lookups.ts';
import { errorOn, type PlannedRow } from '../../engine/planned.ts';
import { bothGiven, mismatch, resolveTrunkAndDids } from '../../engine/resolve-trunk.ts';
import type { RowRecord } from '../../model.ts';
import { buildPayload } from '../../validate/payload.ts';
import { columnName } from '../../validate/messages.ts';
import type { PbxAction } from './action.ts';
import { PBX_CATALOGUE } from './fields.ts';

/** The region, the domain in it and the firmware a PBX row names, each by ID or by name. */
async function resolvePlace(
  row: PlannedRow,
  lookups: Lookups,
): Promise<{ region: Region; domain: Domain; firmware: Firmware } | undefined> {
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
  const domain = await resolveDomain(row, lookups, region);
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
  return domain ? { region, domain, firmware } : undefined;
}

/** The domain a row names in its region (checked apart: a wrong domain does not hide a wrong firmware). */
async function resolveDomain(row: PlannedRow, lookups: Lookups, region: Region): Promise<Domain | undefined> {
  const v = row.record.values;
  const col = (path: string): string => columnName('pbx', path, row.record.headers);
  const domains = await lookups.domains(region.regionId);
  const domain =
    typeof v['domainId'] === 'number'
      ? domains.find((d) => d.domainId === v['domainId'])
      : domains.find((d) => keyOf(d.domain) === keyOf(String(v['domain'] ?? '')));
  if (!domain) {
    errorOn(
      row.report,
      col(v['domainId'] !== undefined ? 'domainId' : 'domain'),
      `This domain is not available in ${region.region}. Available: ${domains.map((d) => d.domain).join(', ') || 'none'}.`,
    );
    return undefined;
  }
  if (mismatch(v['domainId'], v['domain'], domain.domain)) {
    errorOn(
      row.report,
      col('domain'),
      bothGiven(col('domainId'), v['domainId'], domain.domain, col('domain'), v['domain']),
    );
    return undefined;
  }
  return domain;
}

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
  const place = await resolvePlace(row, lookups);
  if (!place) {
    // The checks that do not need the region, domain or firmware still run: every problem of the
    // row is said at once, not one per dry run (only GETs; the request is not built).
    // One after another: the messages come in the columns' order whatever answers first.
    await resolveCustomers(row, lookups, {});
    await resolveTemplate(row, lookups, {});
    if (v['dids'] !== undefined || v['didIds'] !== undefined)
      await resolveTrunkAndDids(row, lookups, undefined);
    return undefined;
  }
  const { region, domain, firmware } = place;
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
  for (const field of PBX_CATALOGUE.fields) {
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
  let ok = true;
  for (const email of emails) {
    const found = customers.find((c) => keyOf(String(c.email ?? '')) === keyOf(email));
    if (!found) {
      errorOn(
        row.report,
        columnName('pbx', 'customerEmails', row.record.headers),
        `No YCM customer has the email ${email}. Create the customer in YCM first.`,
      );
      ok = false;
      continue;
    }
    ids.push(found.customerId);
  }
  if (ok) body['customerIds'] = [...new Set(ids)];
  return ok;
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
  const resolved = await resolveTrunkAndDids(row, lookups, undefined);
  if (!resolved) return false;
  body['trunkDidRelations'] = [{ trunkId: resolved.trunkId, didIds: resolved.didIds }];
  return true;
}
