/**
 * The Plan screen's per-row preview: what each planned row will send, read from the request the
 * dry run resolved for it (its `action`), never from a call of its own. The Partner Portal's
 * prices are not documented (FACTS: no price endpoint), so an order shows its quantities and says
 * the price is the portal's: the tool never invents a billed amount.
 */
import type { PlanPreviewRow } from '../../shared/plan-preview.ts';
import type { PbxTarget, PlannedRow } from './planned.ts';
import type { DidAction, ExpansionAction, PbxAction, ProfileAction, RowAction } from './planned.ts';

type Fields = Omit<PlanPreviewRow, 'sheet' | 'row' | 'kind' | 'status' | 'problems'>;

/** What the price of an order is, as far as the tool knows. */
export const ORDER_PRICE_NOTE = 'price: the Partner Portal’s (not known to the tool)';

const DID_MODES: Record<DidAction['mode'], string> = {
  add: 'Bind DIDs (add)',
  replace: 'Bind DIDs (replace all)',
  remove: 'Unbind DIDs',
  'remove-all': 'Unbind every DID',
};

/** Why a row without a planned request sends nothing. */
const NOT_SENT: Record<string, string> = {
  invalid: 'Not sent: has errors',
  skipped: 'Skipped',
  succeeded: 'Done before: not sent again',
  valid: 'Nothing to send',
};

/** Every row of the plan, previewed, in the order of the workbook. */
export function previewRows(rows: readonly PlannedRow[]): PlanPreviewRow[] {
  // A row acting on a PBX this run creates names it by the URL its PBX row will create.
  const urls = new Map(
    rows.flatMap((r) => (r.action?.type === 'pbx' ? [[r.key, r.action.url] as const] : [])),
  );
  const pbxName = (t: PbxTarget): string =>
    'existing' in t
      ? (t.existing.url ?? `${t.existing.name} (${t.existing.cloudPbxId})`)
      : `${urls.get(t.workbook) ?? t.label} (created by this run)`;
  return rows.map((row) => ({
    sheet: row.sheet,
    row: row.row,
    kind: row.kind,
    status: row.report.status,
    ...(row.action
      ? actionFields(row, row.action, pbxName)
      : { does: NOT_SENT[row.report.status] ?? row.report.status }),
    problems: row.report.messages
      .filter((m) => m.level === 'error')
      .map((m) => (m.column ? `${m.column}: ${m.message}` : m.message)),
  }));
}

type PbxName = (t: PbxTarget) => string;

function actionFields(row: PlannedRow, action: RowAction, pbxName: PbxName): Fields {
  switch (action.type) {
    case 'pbx':
      return pbxFields(row, action);
    case 'did':
      return didFields(action, pbxName);
    case 'expansion':
      return expansionFields(action, pbxName);
    case 'profile':
      return profileFields(action, pbxName);
  }
}

/** A name the sheet gave and the ID the dry run resolved it to: "Europe (3)", or the ID alone. */
function named(name: unknown, id: unknown): string | undefined {
  if (id === undefined) return typeof name === 'string' ? name : undefined;
  return typeof name === 'string' && name !== '' ? `${name} (${String(id)})` : String(id);
}

function pbxFields(row: PlannedRow, a: PbxAction): Fields {
  const v = row.record.values;
  const domain = a.url.slice(a.subDomain.length + 1);
  // The trunk and DIDs go in `trunkDidRelations` (seeds/000), resolved from the sheet's names.
  const relations = a.body['trunkDidRelations'];
  const first: unknown = Array.isArray(relations) ? relations[0] : undefined;
  const relation = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  const trunkId = relation['trunkId'];
  const didIds = relation['didIds'];
  return {
    does: 'Create PBX',
    pbx: a.url,
    ...optional('region', named(v['region'], a.body['regionId'])),
    ...optional('domain', named(domain, a.body['domainId'])),
    firmware: named(a.firmware, a.body['versionId']) ?? a.firmware,
    ...optional('trunkId', trunkId === undefined ? undefined : String(trunkId)),
    ...optional('didIds', Array.isArray(didIds) && didIds.length > 0 ? didIds.join(', ') : undefined),
  };
}

function didFields(a: DidAction, pbxName: PbxName): Fields {
  return {
    does: DID_MODES[a.mode],
    pbx: pbxName(a.target),
    trunkId: String(a.trunkId),
    ...optional('didIds', a.didIds.length > 0 ? a.didIds.join(', ') : undefined),
  };
}

function expansionFields(a: ExpansionAction, pbxName: PbxName): Fields {
  const quantities = [
    a.addExtensions ? `+${a.addExtensions} extension(s)` : '',
    a.addRecordingMinutes ? `+${a.addRecordingMinutes} recording min` : '',
  ].filter(Boolean);
  if (a.method === 'resize') {
    const sizes = Object.entries(a.resize ?? {}).map(([field, value]) => `${field} ${String(value)}`);
    const change = [...quantities, ...sizes].join(', ') || 'no change';
    return { does: 'Resize (no order)', pbx: pbxName(a.target), order: change };
  }
  const po = a.poNumber ? `, PO ${a.poNumber}` : '';
  return {
    does: 'Place a Partner Portal order',
    pbx: pbxName(a.target),
    order: `${quantities.join(', ')}${po}; ${a.order ? `cycle ${a.order.billingCycle}; ` : ''}${ORDER_PRICE_NOTE}`,
  };
}

function profileFields(a: ProfileAction, pbxName: PbxName): Fields {
  return {
    does: `Create MyReports profile '${a.profile.name}'${a.enable ? ' (enabled)' : ''}`,
    ...optional('pbx', a.pbx ? pbxName(a.pbx) : `instance ${a.instanceId}`),
  };
}

function optional<K extends keyof Fields>(key: K, value: Fields[K] | undefined): Partial<Fields> {
  return value === undefined ? {} : { [key]: value };
}
