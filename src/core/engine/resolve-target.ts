/**
 * The PBX a DID, expansion or MyReports row acts on: one this workbook creates, or an existing one
 * found in YCM by ID, URL, SN, subdomain or name.
 */
import { columnName } from '../validate/messages.ts';
import { keyOf, type Lookups } from './lookups.ts';
import { errorOn, type PbxTarget, type PlannedRow } from './planned.ts';

/** PBX rows of this workbook, by subdomain and by name (lower case) → their planned row. */
export interface WorkbookPbxs {
  bySubDomain: Map<string, PlannedRow>;
  byName: Map<string, PlannedRow>;
  /** The run's journal records steps: an order it does not record as placed was not placed by it. */
  journalled?: boolean;
  /** `--allow-repeat-order`: the user means to order again for a PBX that exists. */
  allowRepeatOrder?: boolean;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

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

/** Rows acting on the same PBX run one after another (DID bindings are read-modify-write). */
export function targetGroup(target: PbxTarget): string {
  return 'existing' in target ? `existing:${target.existing.cloudPbxId}` : `new:${target.workbook}`;
}
