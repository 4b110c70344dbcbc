/**
 * Plan for MyReports rows: the customer, the profile each type sends, and an existing profile for
 * the same instance, adopted rather than duplicated (FACTS 3.4.3).
 */
import { keyOf, type Lookups } from '../../engine/lookups.ts';
import { errorOn, type PlannedRow } from '../../engine/planned.ts';
import { str, workbookPbxOf, type WorkbookPbxs } from '../../engine/resolve-target.ts';
import { columnName } from '../../validate/messages.ts';
import type { ProfileAction } from './action.ts';
import { KAZOO_FIELDS, THREECX_FIELDS } from './fields.ts';

export async function resolveProfile(
  row: PlannedRow,
  lookups: Lookups,
  workbook?: WorkbookPbxs,
): Promise<ProfileAction | undefined> {
  const v = row.record.values;
  const customers = await lookups.myreportsCustomers();
  const id = str(v['customerId']);
  const customer =
    id !== undefined
      ? customers.find((c) => keyOf(c.id) === keyOf(id))
      : customers.find((c) => keyOf(c.name) === keyOf(str(v['customer']) ?? ''));
  if (!customer) {
    errorOn(
      row.report,
      columnName('myreports', id !== undefined ? 'customerId' : 'customer', row.record.headers),
      `Unknown MyReports customer. Available: ${customers.map((c) => c.name).join(', ') || 'none'}.`,
    );
    return undefined;
  }
  const type = String(v['_type']);
  const fields = type === 'KazooPbxConnectionProfile' ? KAZOO_FIELDS : THREECX_FIELDS;
  const profile: ProfileAction['profile'] = { _type: type, name: String(v['name']) };
  for (const f of [...fields, 'countryCode']) if (v[f] !== undefined) profile[f] = v[f];
  // seeds/002 sends the archive switch as the string "true"/"false", not a JSON boolean.
  if (typeof profile['enableRecordingArchive'] === 'boolean')
    profile['enableRecordingArchive'] = String(profile['enableRecordingArchive']);
  // The instance lookup key (FACTS 3.4.3): Kazoo account id, 3CX licence key.
  const instanceId = String(type === 'KazooPbxConnectionProfile' ? v['accountId'] : v['licenseKey']);
  const found = await lookups.mr().lookupInstance(instanceId);
  if (found.exists && found.tenantId && keyOf(found.tenantId) !== keyOf(customer.id)) {
    errorOn(
      row.report,
      undefined,
      `This PBX instance is already attached to another MyReports customer (${found.tenantId}).`,
    );
    return undefined;
  }
  if (found.exists)
    row.report.messages.push({
      level: 'info',
      message: `A profile for this instance exists (${found.id ?? ''}); it will be adopted, not duplicated.`,
    });
  const local = workbook ? workbookPbxOf(row, workbook) : undefined;
  const sub = str(v['pbx.subDomain']);
  return {
    type: 'profile',
    customerId: customer.id,
    profile,
    instanceId,
    enable: v['enable'] === true,
    ...(local?.action && { pbx: { workbook: local.key, label: sub ?? local.key } }),
  };
}
