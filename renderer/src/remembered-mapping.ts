/**
 * Column mappings the user chose, remembered per header set (PRODUCT.md, Map): the next sheet
 * with the same columns opens already mapped. Kept in localStorage; holds headers and field paths only.
 */
import type { OpenResult, SheetView } from '../../src/shared/bridge.ts';
import { bridge } from './transport.ts';

const PREFIX = 'pbx-bulk.mapping.';

function keyOf(sheet: SheetView): string {
  return (
    PREFIX +
    sheet.kind +
    ':' +
    sheet.columns
      .map((c) => c.header)
      .sort()
      .join('\u0001')
  );
}

export function rememberMapping(sheet: SheetView, mapping: Record<string, string | null>): void {
  try {
    localStorage.setItem(keyOf(sheet), JSON.stringify(mapping));
  } catch {
    // storage full or disabled: remembering is a convenience only
  }
}

function recalled(sheet: SheetView): Record<string, string | null> | undefined {
  try {
    const raw = localStorage.getItem(keyOf(sheet));
    return raw ? (JSON.parse(raw) as Record<string, string | null>) : undefined;
  } catch {
    return undefined;
  }
}

/** Re-applies remembered mappings that differ from the automatic match; returns the newest view. */
export async function applyRememberedMapping(w: OpenResult): Promise<OpenResult> {
  let latest = w;
  for (const sheet of w.sheets) {
    const mapping = recalled(sheet);
    if (!mapping) continue;
    const changes = Object.fromEntries(
      Object.entries(mapping).filter(([h, f]) => sheet.columns.some((c) => c.header === h && c.field !== f)),
    );
    if (Object.keys(changes).length > 0)
      latest = await bridge.setMapping({ sheet: sheet.name, mapping: changes });
  }
  return latest;
}
