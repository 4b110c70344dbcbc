/**
 * `export`'s engine (issue 18): read the account (account.ts) and write it as the template's
 * sheets (rows.ts, write-export.ts). Only reads the account.
 */
import type { YcmClient } from '../../api/index.ts';
import type { SheetKind } from '../../shared/types.ts';
import { readAccount, type AccountSnapshot, type ReadAccountOptions } from './account.ts';
import { didRows, pbxRow } from './rows.ts';
import { writeExport, type ExportSheets } from './write-export.ts';

/** Which sheets an export writes: `pbx`, `did` or both (`all`). */
export type ExportKind = 'pbx' | 'did' | 'all';
export const EXPORT_KINDS: readonly ExportKind[] = ['pbx', 'did', 'all'];

export interface ExportResult {
  files: string[];
  pbxs: number;
  didRows: number;
  /** Bound DIDs whose trunk could not be told (their rows say why). */
  unplacedDids: number;
  snapshot: AccountSnapshot;
}

/** The sheets of `snapshot` for `kind`. */
export function exportSheets(snapshot: AccountSnapshot, kind: ExportKind): ExportSheets {
  const sheets: ExportSheets = {};
  if (kind !== 'did') sheets.pbx = snapshot.pbxs.map(pbxRow);
  if (kind !== 'pbx') sheets.did = snapshot.pbxs.flatMap(didRows);
  return sheets;
}

/** Reads the account and writes the export to `out` (.xlsx or .csv). */
export async function exportAccount(
  ycm: YcmClient,
  out: string,
  kind: ExportKind,
  options: Pick<ReadAccountOptions, 'onProgress' | 'signal' | 'concurrency'> = {},
): Promise<ExportResult> {
  const snapshot = await readAccount(ycm, {
    ...options,
    customers: kind !== 'did',
    bindings: kind !== 'pbx',
  });
  const sheets = exportSheets(snapshot, kind);
  const files = await writeExport(out, sheets);
  return {
    files,
    pbxs: snapshot.pbxs.length,
    didRows: sheets.did?.length ?? 0,
    unplacedDids: snapshot.pbxs.reduce((n, p) => n + p.unplaced.length, 0),
    snapshot,
  };
}

/** The sheet kinds `kind` writes, in order. */
export function exportedKinds(kind: ExportKind): SheetKind[] {
  return kind === 'all' ? ['pbx', 'did'] : [kind];
}
