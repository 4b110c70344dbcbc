/**
 * `reconcile`'s engine (issue 18): each row of a workbook (a filled-in template, an export or a
 * result report) against the live account: `missing`, `matches` or `drifted` (field by field, DIDs,
 * customers), plus the account's PBXs that no row names (`extra`). Only reads the account.
 */
import { basename } from 'node:path';
import type { YcmClient } from '../../api/index.ts';
import type { SheetKind } from '../../shared/types.ts';
import {
  readAccount,
  type AccountPbx,
  type AccountSnapshot,
  type ReadAccountOptions,
} from '../export/account.ts';
import { normalizeHeader } from '../map/map-headers.ts';
import { exportedRowCheck } from '../validate/exported-rows.ts';
import { validateFile, type ValidateOptions, type ValidationResult } from '../validate/validate-file.ts';
import { compareDidRow, compareFullBindings } from './bindings.ts';
import { comparePbx } from './compare-pbx.ts';
import { applyExpansions, compareExpansion } from './expansions.ts';
import type { Difference, ExtraPbx, ReconcileOutcome, ReconcileResult, ReconcileRow } from './types.ts';

/** A row as reconcile reads it. */
export interface SheetRow {
  sheet: string;
  row: number;
  kind: SheetKind;
  /** Field path → cell text. */
  fields: Record<string, string>;
  /** The PBX's ID from the export's `Cloud PBX ID` or a result report's `Result: cloudPbxId`. */
  cloudPbxId?: string;
  /** Written by export: a record of the account (exported-rows.ts). */
  exported: boolean;
}

export interface ReconcileOptions extends Pick<ReadAccountOptions, 'onProgress' | 'signal'> {
  target?: string;
  validate?: Omit<ValidateOptions, 'keepRecords' | 'keepCells'>;
}

/** The rows of a validated workbook, with their ids and export marks. */
export function sheetRows(validation: ValidationResult): SheetRow[] {
  const out: SheetRow[] = [];
  const bySheet = new Map(validation.sheets.map((s) => [s.name, s]));
  const cellsOf = new Map(
    [...validation.cells].map(([name, rows]) => [name, new Map(rows.map((r) => [r.row, r.cells]))]),
  );
  for (const record of validation.records) {
    const sheet = bySheet.get(record.sheet);
    const headers = sheet?.headers ?? [];
    const cells = cellsOf.get(record.sheet)?.get(record.row) ?? [];
    const at = (name: string): number =>
      headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(name));
    const idAt =
      record.kind === 'pbx' ? [at('Cloud PBX ID'), at('Result: cloudPbxId')] : [at('Result: cloudPbxId')];
    const id = idAt.map((i) => (i >= 0 ? (cells[i]?.trim() ?? '') : '')).find((v) => v !== '');
    out.push({
      sheet: record.sheet,
      row: record.row,
      kind: record.kind,
      fields: record.fields,
      ...(id !== undefined && { cloudPbxId: id }),
      exported: exportedRowCheck(record.kind, headers)?.(cells) !== undefined,
    });
  }
  return out;
}

/** The account's PBXs, indexed by every way a row names one. */
class AccountIndex {
  private readonly byId = new Map<string, AccountPbx>();
  private readonly by = new Map<string, AccountPbx[]>();
  constructor(readonly pbxs: readonly AccountPbx[]) {
    for (const p of pbxs) {
      this.byId.set(String(p.cloudPbxId), p);
      for (const key of [`sub:${p.subDomain}`, `url:${p.url}`, `sn:${p.sn}`, `name:${p.name}`])
        this.by.set(key.toLowerCase(), [...(this.by.get(key.toLowerCase()) ?? []), p]);
    }
  }
  id(id: string | undefined): AccountPbx | undefined {
    return id === undefined ? undefined : this.byId.get(id.trim());
  }
  one(kind: string, value: string | undefined): AccountPbx | undefined {
    const found = value?.trim() ? this.by.get(`${kind}:${value.trim()}`.toLowerCase()) : undefined;
    return found?.length === 1 ? found[0] : undefined;
  }
}

/** The account's PBX a row is about, or why it names none. */
function pbxOf(row: SheetRow, index: AccountIndex): AccountPbx | string {
  const f = row.fields;
  if (row.kind === 'pbx') {
    if (row.cloudPbxId !== undefined)
      return index.id(row.cloudPbxId) ?? `No Cloud PBX ${row.cloudPbxId} on the account.`;
    const sub = f['subDomain']?.trim();
    if (!sub) return 'The row gives no Cloud PBX ID and no subdomain, so it names no PBX.';
    const pbx = index.one('sub', sub);
    return pbx && (!f['domain']?.trim() || pbx.domain.toLowerCase() === f['domain'].trim().toLowerCase())
      ? pbx
      : `No Cloud PBX with subdomain '${sub}' on the account.`;
  }
  const id = f['pbx.cloudPbxId']?.trim() || row.cloudPbxId;
  const found =
    index.id(id) ??
    index.one('url', f['pbx.url']) ??
    index.one('sn', f['pbx.sn']) ??
    index.one('sub', f['pbx.subDomain']) ??
    index.one('name', f['pbx.name']);
  if (found) return found;
  const named = id ?? f['pbx.url'] ?? f['pbx.sn'] ?? f['pbx.subDomain'] ?? f['pbx.name'];
  return named ? `No Cloud PBX '${named}' on the account.` : 'The row names no PBX.';
}

/** Compares rows with a snapshot of the account. */
export function compareRows(
  rows: readonly SheetRow[],
  snapshot: AccountSnapshot,
  file: string,
  options: { target?: string; exportedDidSheet?: boolean } = {},
): ReconcileResult {
  const index = new AccountIndex(snapshot.pbxs);
  const resolved = rows.map((row) => ({ row, pbx: pbxOf(row, index) }));
  const found = (r: (typeof resolved)[number]): r is { row: SheetRow; pbx: AccountPbx } =>
    typeof r.pbx !== 'string';
  // A PBX row's expected capacity is what the workbook's Expansions rows make of it.
  const pbxRows = new Map(
    resolved
      .filter(found)
      .filter((r) => r.row.kind === 'pbx')
      .map((r) => [r.pbx.cloudPbxId, r.row]),
  );
  const expansions = new Map<number, SheetRow[]>();
  for (const r of resolved.filter(found).filter((x) => x.row.kind === 'expansion'))
    expansions.set(r.pbx.cloudPbxId, [...(expansions.get(r.pbx.cloudPbxId) ?? []), r.row]);
  const out: ReconcileRow[] = [];
  const exportedDids = new Map<number, { row: ReconcileRow; fields: Record<string, string> }[]>();
  const exportedPbx = new Map<number, ReconcileRow>();
  for (const { row, pbx } of resolved) {
    const base = { sheet: row.sheet, row: row.row, kind: row.kind };
    if (typeof pbx === 'string') {
      out.push(
        row.kind === 'myreports'
          ? { ...base, outcome: 'not-compared', differences: [], note: MYREPORTS_NOTE }
          : { ...base, outcome: 'missing', differences: [], note: pbx },
      );
      continue;
    }
    const result: ReconcileRow = { ...base, outcome: 'matches', cloudPbxId: pbx.cloudPbxId, differences: [] };
    out.push(result);
    if (row.kind === 'pbx') {
      const own = expansions.get(pbx.cloudPbxId) ?? [];
      result.differences.push(
        ...comparePbx(row.exported ? row.fields : applyExpansions(row.fields, own), pbx),
      );
      if (row.exported) exportedPbx.set(pbx.cloudPbxId, result);
    } else if (row.kind === 'did' && snapshot.withBindings) {
      if (row.exported) {
        const list = exportedDids.get(pbx.cloudPbxId) ?? [];
        exportedDids.set(pbx.cloudPbxId, [...list, { row: result, fields: row.fields }]);
      } else result.differences.push(...compareDidRow(row.fields, pbx));
    } else if (row.kind === 'expansion') {
      const onPbxRow = pbxRows.get(pbx.cloudPbxId);
      const own = compareExpansion(
        row.fields,
        pbx,
        onPbxRow && `sheet '${onPbxRow.sheet}' row ${onPbxRow.row}`,
      );
      result.differences.push(...own.differences);
      if (own.note !== undefined) Object.assign(result, { outcome: 'not-compared', note: own.note });
    } else if (row.kind === 'myreports') {
      Object.assign(result, { outcome: 'not-compared', note: MYREPORTS_NOTE });
    }
  }
  // An export's DID sheet records every binding of its PBXs: a PBX it lists with no DID row has none.
  for (const pbx of snapshot.withBindings && options.exportedDidSheet ? snapshot.pbxs : []) {
    const didRows = exportedDids.get(pbx.cloudPbxId) ?? [];
    const holder = didRows[0]?.row ?? exportedPbx.get(pbx.cloudPbxId);
    if (holder)
      holder.differences.push(
        ...compareFullBindings(
          didRows.map((d) => d.fields),
          pbx,
        ),
      );
  }
  const named = new Set(resolved.filter(found).map((r) => r.pbx.cloudPbxId));
  return summarize(
    out,
    snapshot.pbxs.filter((p) => !named.has(p.cloudPbxId)),
    file,
    options.target,
  );
}

const MYREPORTS_NOTE = 'MyReports rows are not compared: reconcile reads YCM only.';

function summarize(
  out: ReconcileRow[],
  extras: readonly AccountPbx[],
  file: string,
  target?: string,
): ReconcileResult {
  for (const r of out) if (r.outcome === 'matches' && r.differences.length > 0) r.outcome = 'drifted';
  const extra: ExtraPbx[] = extras.map((p) => ({
    cloudPbxId: p.cloudPbxId,
    name: p.name,
    url: p.url,
    sn: p.sn,
    pbxStatus: p.pbxStatus,
  }));
  const byOutcome: Partial<Record<ReconcileOutcome, number>> = {};
  for (const r of out) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
  return {
    summary: {
      file: basename(file),
      ...(target !== undefined && { target }),
      total: out.length,
      byOutcome,
      extra: extra.length,
    },
    rows: out,
    extra,
  };
}

/** Reads `file` (InputError when unusable) and the account, and compares them. */
export async function reconcileFile(
  file: string,
  ycm: YcmClient,
  options: ReconcileOptions = {},
): Promise<{ result: ReconcileResult; validation: ValidationResult; snapshot: AccountSnapshot }> {
  const validation = await validateFile(file, { ...options.validate, keepRecords: true, keepCells: true });
  const snapshot = await readAccount(ycm, {
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.signal && { signal: options.signal }),
  });
  const exportedDidSheet = validation.sheets.some(
    (s) => s.kind === 'did' && exportedRowCheck('did', s.headers) !== undefined,
  );
  const result = compareRows(sheetRows(validation), snapshot, file, {
    ...(options.target !== undefined && { target: options.target }),
    exportedDidSheet,
  });
  return { result, validation, snapshot };
}

/** Every difference of a result, flattened (for printing and the app's grid). */
export function allDifferences(result: ReconcileResult): (Difference & { sheet: string; row: number })[] {
  return result.rows.flatMap((r) => r.differences.map((d) => ({ ...d, sheet: r.sheet, row: r.row })));
}
