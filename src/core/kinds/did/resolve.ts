/**
 * Plan for DID Bindings, Expansions and MyReports rows: find the target PBX (one this workbook
 * creates, or an existing one), then check what the row asks against it: firmware for DID binding
 * (FACTS 1.8.O), the ids an order sends (resolve-order.ts, seeds/003), recording minutes never decreasing on resize
 * (FACTS 1.8.K), the MyReports customer and an existing profile (FACTS 3.4.3). The 500 extensions
 * a PBX holds are checked once every row is planned, added up per PBX (quotas.ts).
 */
import { FIRMWARE_GATES, supports } from '../../api/firmware.ts';
import type { CustomSipHeaderBinding } from '../../api/index.ts';
import { KAZOO_FIELDS, THREECX_FIELDS } from '../schema/fields-other.ts';
import {
  SIP_HEADERS_KEEP,
  SIP_HEADERS_NONE,
  SIP_HEADERS_SYNTAX,
  parseSipHeaders,
} from '../schema/sip-headers.ts';
import { columnName } from '../validate/messages.ts';
import { keyOf, type Lookups } from './lookups.ts';
import {
  errorOn,
  type DidAction,
  type ExpansionAction,
  type PbxTarget,
  type PlannedRow,
  type ProfileAction,
} from './planned.ts';
import { resolveOrder } from './resolve-order.ts';
import { DidTrunkUnknownError, keptDidTrunks } from './did-trunks.ts';
import { resolveTrunkAndDids } from './resolve-pbx.ts';

/** PBX rows of this workbook, by subdomain and by name (lower case) → their planned row. */
export interface WorkbookPbxs {
  bySubDomain: Map<string, PlannedRow>;
  byName: Map<string, PlannedRow>;
  /** The run's journal records steps: an order it does not record as placed was not placed by it. */
  journalled?: boolean;
  /** `--allow-repeat-order`: the user means to order again for a PBX that exists. */
  allowRepeatOrder?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The PBX row of this workbook the row's `pbx.*` reference names, if any. */
export function workbookPbxOf(row: PlannedRow, workbook: WorkbookPbxs): PlannedRow | undefined {
  const sub = str(row.record.values['pbx.subDomain']);
  const name = str(row.record.values['pbx.name']);
  return (
    (sub !== undefined ? workbook.bySubDomain.get(keyOf(sub)) : undefined) ??
    (name !== undefined ? workbook.byName.get(keyOf(name)) : undefined)
  );
}

/** Resolves the row's `pbx.*` reference. */
export async function resolveTarget(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<PbxTarget | undefined> {
  const v = row.record.values;
  const sub = str(v['pbx.subDomain']);
  const name = str(v['pbx.name']);
  const local = workbookPbxOf(row, workbook);
  if (local) {
    if (local.report.status === 'invalid') {
      row.report.status = 'skipped';
      row.report.messages.push({
        level: 'warning',
        message: `Skipped: its PBX (sheet '${local.sheet}' row ${local.row}) is invalid; fix that row first.`,
        reason: 'dependency-invalid',
      });
      return undefined;
    }
    if (local.action) return { workbook: local.key, label: sub ?? name ?? '' };
  }
  const ref = {
    ...(typeof v['pbx.cloudPbxId'] === 'number' && { cloudPbxId: v['pbx.cloudPbxId'] }),
    ...(str(v['pbx.url']) !== undefined && { url: str(v['pbx.url']) ?? '' }),
    ...(str(v['pbx.sn']) !== undefined && { sn: str(v['pbx.sn']) ?? '' }),
    ...(sub !== undefined && { subDomain: sub }),
    ...(name !== undefined && { name }),
  };
  const existing = await lookups.findPbx(ref);
  if (!existing) {
    const label = Object.values(ref)[0];
    errorOn(
      row.report,
      columnName(row.kind, Object.keys(ref).map((k) => `pbx.${k}`)[0] ?? 'pbx.subDomain', row.record.headers),
      `No PBX '${String(label)}' in this workbook or in YCM.`,
    );
    return undefined;
  }
  return { existing };
}

export async function resolveDid(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<DidAction | undefined> {
  const target = await resolveTarget(row, lookups, workbook);
  if (!target) return undefined;
  const mode = (str(row.record.values['mode']) ?? 'add') as DidAction['mode'];
  const version =
    'existing' in target ? String(target.existing.version ?? '') : firmwareOf(workbook, target.workbook);
  if (version && !supports(version, 'didBinding')) {
    errorOn(
      row.report,
      undefined,
      `DID binding needs PBX firmware ${FIRMWARE_GATES.didBinding} or later; this PBX runs ${version}.`,
    );
    return undefined;
  }
  const headers = resolveSipHeaders(row, version);
  if (headers === false) return undefined;
  const sipHeaders = headers ? { sipHeaders: headers } : {};
  // Nothing to resolve: the PBX's bindings are replaced by none (run-time: an empty list).
  if (mode === 'remove-all') return { type: 'did', target, mode, trunkId: 0, didIds: [], ...sipHeaders };
  const targetId = 'existing' in target ? target.existing.cloudPbxId : undefined;
  const resolved = await resolveTrunkAndDids(
    row,
    lookups,
    'did',
    targetId,
    mode !== 'remove' && 'existing' in target,
  );
  if (!resolved) return undefined;
  if ('existing' in target && mode !== 'replace') {
    // The bindings this row keeps must each have one known trunk (did-trunks.ts); the run checks
    // again on fresh reads, since earlier rows of the run may change them.
    const pbxId = target.existing.cloudPbxId;
    const listed = new Set(resolved.didIds);
    const kept = (await lookups.assignedDids(pbxId)).filter((id) => !listed.has(id));
    try {
      await keptDidTrunks(
        kept,
        (id) => lookups.didById(id),
        () => lookups.assignedTrunks(pbxId),
      );
    } catch (error) {
      if (!(error instanceof DidTrunkUnknownError)) throw error;
      errorOn(row.report, undefined, error.message.replace(/ Nothing was sent\.$/, ''));
      return undefined;
    }
  }
  return { type: 'did', target, mode, ...resolved, ...sipHeaders };
}

/**
 * The custom SIP headers a DID row sends (seeds/004): the row's list, or undefined to leave the
 * field out; false (with an error on the row) when the row cannot be run safely. On firmware
 * 84.22.0.134+ (or unknown firmware) the PUT's list replaces every header of the PBX and the
 * current ones cannot be read (FACTS 1.8.W, NOT FOUND), so the row must say what to send: never
 * a silent wipe.
 */
function resolveSipHeaders(row: PlannedRow, version: string): CustomSipHeaderBinding[] | undefined | false {
  const col = columnName('did', 'customSipHeadersBindings', row.record.headers);
  const cell = str(row.record.values['customSipHeadersBindings']);
  const parsed = cell === undefined ? undefined : parseSipHeaders(cell);
  if (parsed && 'error' in parsed) return false; // validate reported it
  const effective = version === '' || supports(version, 'customSipHeaders');
  if (!parsed) {
    if (!effective) return undefined;
    errorOn(
      row.report,
      col,
      `${version ? `This PBX runs firmware ${version}` : 'The firmware of this PBX is not known'}: on ${FIRMWARE_GATES.customSipHeaders} or later a DID binding replaces all its custom SIP headers with the list it sends (seeds/004), and YCM offers no way to read the current ones first. Fill '${col}' with the complete list (${SIP_HEADERS_SYNTAX}), write '${SIP_HEADERS_KEEP}' to leave them out of the request (assumed to keep them), or '${SIP_HEADERS_NONE}' to remove them all.`,
    );
    return false;
  }
  if (parsed.keep) return undefined;
  if (!effective) {
    errorOn(
      row.report,
      col,
      `Custom SIP headers take effect on firmware ${FIRMWARE_GATES.customSipHeaders} or later (seeds/004); this PBX runs ${version}. Clear '${col}' or write '${SIP_HEADERS_KEEP}'.`,
    );
    return false;
  }
  return parsed.bindings;
}

function firmwareOf(workbook: WorkbookPbxs, key: string): string {
  for (const row of workbook.bySubDomain.values()) {
    if (row.key === key && row.action?.type === 'pbx') return row.action.firmware;
  }
  return '';
}

export async function resolveExpansion(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<ExpansionAction | undefined> {
  const target = await resolveTarget(row, lookups, workbook);
  if (!target) return undefined;
  const v = row.record.values;
  const col = (p: string): string => columnName('expansion', p, row.record.headers);
  const method = v['method'] === 'resize' ? 'resize' : 'order';
  if (method === 'resize') {
    const resize: ExpansionAction['resize'] = {};
    for (const k of [
      'extensionCapacity',
      'concurrentCallCapacity',
      'recordingCapacity',
      'transcriptionCapacity',
    ] as const) {
      const n = v[k];
      if (typeof n === 'number') resize[k] = n;
    }
    if (v['recordingStatus'] === 'Enabled' || v['recordingStatus'] === 'Disabled')
      resize.recordingStatus = v['recordingStatus'];
    const current = 'existing' in target ? target.existing.recordingCapacity : undefined;
    if (
      resize.recordingCapacity !== undefined &&
      current !== undefined &&
      resize.recordingCapacity < current
    ) {
      errorOn(
        row.report,
        col('recordingCapacity'),
        `Recording minutes cannot decrease (FACTS 1.8.K): the PBX has ${current}.`,
      );
      return undefined;
    }
    return { type: 'expansion', target, method, resize };
  }
  // The PBX row of this sheet already exists (plan found it in YCM: an earlier run of this sheet,
  // without its journal, created it), so that run most likely placed this order too; billing it
  // again needs the user's decision, not a re-run.
  const local = workbookPbxOf(row, workbook);
  const found = local && !local.action && local.report.status === 'skipped' && local.report.ids?.cloudPbxId;
  if (found && !workbook.journalled && !workbook.allowRepeatOrder) {
    errorOn(
      row.report,
      col('method'),
      `Its PBX (sheet '${local.sheet}' row ${local.row}) already exists, most likely created by an earlier run of this sheet, which would have placed this order too: it is not placed again. Check the PBX's orders in the Partner Portal; to order for it anyway, take the PBX's row out of this sheet, or run with --allow-repeat-order (in the app: the Plan screen's "Order even when the PBX already has a recent order").`,
      'repeat-order',
    );
    return undefined;
  }
  const action: ExpansionAction = { type: 'expansion', target, method };
  if (typeof v['addExtensions'] === 'number') action.addExtensions = v['addExtensions'];
  if (typeof v['addRecordingMinutes'] === 'number') action.addRecordingMinutes = v['addRecordingMinutes'];
  if (str(v['poNumber'])) action.poNumber = str(v['poNumber']) ?? '';
  const ids = await resolveOrder(row, target, lookups, local);
  if (!ids || row.report.messages.some((m) => m.level === 'error')) return undefined;
  action.order = ids;
  return action;
}

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
