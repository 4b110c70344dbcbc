/**
 * The grid's geometry: row height, the lead column (row number and status), column widths the
 * user may change, and the one frozen column (the PBX name, or the subdomain that names the PBX
 * a row acts on) that stays in view while the others scroll.
 */
import type { SheetView } from '../../../src/shared/bridge.ts';

export const ROW_HEIGHT = 30;
export const LEAD_WIDTH = 150;
export const DEFAULT_WIDTH = 170;
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 640;
/** One key press on a resize handle. */
export const WIDTH_STEP = 20;

/** Fields that name the row's PBX, in the order a frozen column is looked for, per sheet kind. */
const NAMING: Record<SheetView['kind'], string[]> = {
  pbx: ['name', 'subDomain'],
  did: ['pbx.subDomain', 'pbx.name', 'pbx.cloudPbxId'],
  expansion: ['pbx.subDomain', 'pbx.name', 'pbx.cloudPbxId'],
  myreports: ['pbx.subDomain', 'name', 'customer'],
};

/** The column kept in view while scrolling sideways, if the sheet has one that names the PBX. */
export function frozenColumn(sheet: SheetView): number | undefined {
  for (const field of NAMING[sheet.kind]) {
    const c = sheet.columns.find((col) => col.field === field);
    if (c) return c.index;
  }
  return undefined;
}

/** Columns in the order they are shown: the frozen one first, then the others as in the sheet. */
export function displayOrder(count: number, frozen: number | undefined): number[] {
  const order: number[] = frozen === undefined ? [] : [frozen];
  for (let i = 0; i < count; i++) if (i !== frozen) order.push(i);
  return order;
}

export const clampWidth = (w: number): number => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(w)));
