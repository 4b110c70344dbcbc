/**
 * Rows `pbx-bulk export` wrote (issue 18): a record of what the account holds, not work to do.
 * Its read-only columns say so: on a PBX sheet a filled `Cloud PBX ID` (the PBX exists already;
 * with `SN`, `URL` and `Status` beside it), on a DID Bindings sheet a `Status` of `bound`. Such
 * rows are skipped by validate, plan and run with the reason, row by row, and read by reconcile.
 */
import type { RowMessage, SheetKind } from '../../shared/types.ts';
import { normalizeHeader } from '../map/map-headers.ts';

/** The read-only columns an export adds after the template's own, per sheet kind. */
export const EXPORT_COLUMNS: Readonly<Partial<Record<SheetKind, readonly string[]>>> = {
  pbx: ['Cloud PBX ID', 'SN', 'URL', 'Status'],
  did: ['Status'],
};

/** The `Status` an export writes on a DID Bindings row: the DIDs are bound on the account. */
export const BOUND = 'bound';

/** Whether `header` is one of the export's read-only columns of `kind` (not an unknown column). */
export function isExportColumn(kind: SheetKind, header: string): boolean {
  const key = normalizeHeader(header);
  return (EXPORT_COLUMNS[kind] ?? []).some((h) => normalizeHeader(h) === key);
}

/**
 * For a sheet with the export's marker column, a function telling whether a row is an exported
 * record (and why it is not run); undefined for any other sheet.
 */
export function exportedRowCheck(
  kind: SheetKind,
  headers: readonly string[],
): ((cells: readonly string[]) => RowMessage | undefined) | undefined {
  const at = (name: string): number => headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(name));
  if (kind === 'pbx') {
    const id = at('Cloud PBX ID');
    if (id < 0) return undefined;
    return (cells) => {
      const value = cells[id]?.trim() ?? '';
      if (value === '') return undefined;
      return {
        column: headers[id] ?? 'Cloud PBX ID',
        level: 'info',
        reason: 'already-exists',
        message: `Cloud PBX ${value} exists on the account already (an exported row): nothing is created for it. To create a new PBX from this row, clear its Cloud PBX ID, SN, URL and Status.`,
      };
    };
  }
  if (kind === 'did') {
    const status = at('Status');
    if (status < 0) return undefined;
    return (cells) => {
      if ((cells[status]?.trim().toLowerCase() ?? '') !== BOUND) return undefined;
      return {
        column: headers[status] ?? 'Status',
        level: 'info',
        reason: 'already-exists',
        message: `These DIDs are bound on the account already (an exported row, Status '${BOUND}'): nothing is sent for it. To send this row, clear its Status.`,
      };
    };
  }
  return undefined;
}
