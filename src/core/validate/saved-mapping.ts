/**
 * A saved mapping (`--map FILE`): per sheet, the user's header → the field it fills, named by the
 * template's label or the API path, or null to leave the column out. The key "*" applies to every
 * sheet without a key of its own (a CSV's one sheet is named after its file).
 *
 *     { "PBX": { "Company name": "PBX name", "Seats": "Extensions", "Notes": null } }
 */
import type { SheetKind } from '../../shared/types.ts';
import { InputError } from '../model.ts';
import { fieldByName } from '../map/map-headers.ts';

/** Sheet name (or "*") → header → field label or path, or null. */
export type SavedMapping = Record<string, Record<string, string | null>>;

/** Checks the shape of a parsed mapping file; returns the reason it is not one, or undefined. */
export function savedMappingProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'it must be a JSON object of sheets, e.g. {"PBX": {"Company name": "PBX name"}}';
  for (const [sheet, columns] of Object.entries(value as Record<string, unknown>)) {
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns))
      return `sheet "${sheet}" must map headers to field names, e.g. {"Company name": "PBX name"}`;
    for (const [header, field] of Object.entries(columns as Record<string, unknown>)) {
      if (field !== null && typeof field !== 'string')
        return `sheet "${sheet}", header "${header}": give a field name or null, not ${JSON.stringify(field)}`;
    }
  }
  return undefined;
}

function sheetColumns(
  saved: { sheets: SavedMapping },
  sheet: string,
): Record<string, string | null> | undefined {
  const key = Object.keys(saved.sheets).find((name) => name.toLowerCase() === sheet.toLowerCase()) ?? '*';
  return saved.sheets[key];
}

/** The headers as the mapping renames them, for recognising the sheet's kind ('' for a column left out). */
export function renamedHeaders(
  saved: { sheets: SavedMapping } | undefined,
  sheet: string,
  headers: readonly string[],
): readonly string[] {
  const columns = saved && sheetColumns(saved, sheet);
  if (!columns) return headers;
  return headers.map((h) => (Object.hasOwn(columns, h) ? (columns[h] ?? '') : h));
}

/**
 * The overrides for one sheet of `kind` (header → field path, or null), the labels turned into
 * paths. Throws InputError naming the sheet and header when a field is not one of the kind.
 */
export function sheetOverrides(
  saved: { file: string; sheets: SavedMapping },
  sheet: string,
  kind: SheetKind,
  file: string,
): Record<string, string | null> | undefined {
  const columns = sheetColumns(saved, sheet);
  if (!columns) return undefined;
  const out: Record<string, string | null> = {};
  for (const [header, field] of Object.entries(columns)) {
    if (field === null) {
      out[header] = null;
      continue;
    }
    const path = fieldByName(kind, field);
    if (path === undefined) {
      throw new InputError(
        `The saved mapping ${saved.file} maps '${header}' to '${field}', which is not a ${kind} field: use a column label of the template (pbx-bulk template --kind ${kind}).`,
        file,
        { sheet, column: header },
      );
    }
    out[header] = path;
  }
  return out;
}
