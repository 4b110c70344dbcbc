/**
 * Header mapping (PRODUCT.md, Map): API field names (dotted for nested fields), friendly labels
 * and aliases, matched case-, space-, hyphen- and underscore-insensitively; the last segment of a
 * nested path also matches when it is unambiguous. Unknown columns are reported, never dropped.
 */
import { SHEET_KINDS, SHEET_NAMES, type SheetKind } from '../../shared/types.ts';
import { kindModule } from '../kinds/registry.ts';
import { CATALOGUES } from '../schema/catalogue.ts';

export interface ColumnMapping {
  index: number;
  header: string;
  /** The field this column fills; absent for unknown or ignored columns. */
  field?: string;
  /** Columns our own reports add (status, messages, ids): recognised and not reported as unknown. */
  result?: boolean;
  /** The header names a field an earlier column already fills: the index of that column. */
  sameAs?: number;
}

/**
 * Turns a header or path into its matching key: case, spaces, `_ - . : ( ) /`, the `*` templates
 * put on required columns and a "(required)" or "(optional)" note are all ignored.
 */
export function normalizeHeader(header: string): string {
  return (
    header
      .normalize('NFKC')
      .toLowerCase()
      .replace(/\((?:required|optional)\)/g, '')
      .replace(/[\s_\-.:()/*]+/g, '')
      // Invisible characters pasted in with a header (zero-width spaces and joiners, direction marks).
      .replace(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, '')
  );
}

/** Headers written by our own report writers; a report fed back in must not trip "unknown column". */
export function isResultHeader(header: string): boolean {
  return /^result\s*:/i.test(header.trim());
}

const indexes = new Map<SheetKind, Map<string, string>>();

function headerIndex(kind: SheetKind): Map<string, string> {
  const cached = indexes.get(kind);
  if (cached) return cached;
  const index = new Map<string, string>();
  const fields = CATALOGUES[kind].fields;
  const add = (key: string, path: string): void => {
    if (!index.has(key)) index.set(key, path);
  };
  for (const f of fields) add(normalizeHeader(f.path), f.path);
  for (const f of fields) add(normalizeHeader(f.label), f.path);
  for (const f of fields) for (const alias of f.aliases ?? []) add(normalizeHeader(alias), f.path);
  // Last segments (`username` for cloudPbxInitialConfigRequest.administratorSettings.username), if unique.
  const segments = new Map<string, string[]>();
  for (const f of fields) {
    const last = f.path.split('.').at(-1) ?? f.path;
    const key = normalizeHeader(last);
    segments.set(key, [...(segments.get(key) ?? []), f.path]);
  }
  for (const [key, paths] of segments) if (paths.length === 1 && paths[0]) add(key, paths[0]);
  indexes.set(kind, index);
  return index;
}

/** The field of `kind` a header, label or path names (as a header would map), or undefined. */
export function fieldByName(kind: SheetKind, name: string): string | undefined {
  return headerIndex(kind).get(normalizeHeader(name));
}

/** Maps each header to a field of `kind`. `overrides` (header → field path, or null to ignore) win. */
export function mapHeaders(
  kind: SheetKind,
  headers: readonly string[],
  overrides: Readonly<Record<string, string | null>> = {},
): ColumnMapping[] {
  const index = headerIndex(kind);
  /** Field path → the column that fills it. */
  const used = new Map<string, number>();
  const assign = (column: ColumnMapping, field: string | null | undefined): ColumnMapping => {
    if (!field) return column;
    const first = used.get(field);
    if (first === undefined) {
      used.set(field, column.index);
      column.field = field;
    } else column.sameAs = first;
    return column;
  };
  return headers.map((header, i) => {
    const column: ColumnMapping = { index: i, header };
    if (header.trim() === '') return column;
    if (Object.hasOwn(overrides, header)) return assign(column, overrides[header]);
    if (isResultHeader(header)) {
      column.result = true;
      return column;
    }
    return assign(column, index.get(normalizeHeader(header)));
  });
}

/** The kind a sheet's (or CSV file's) name says: 'PBX', 'DID Bindings', or one of their aliases. */
export function kindByName(sheetName: string): SheetKind | undefined {
  const name = normalizeHeader(sheetName.replace(/\.(csv|tsv|txt)$/i, ''));
  for (const kind of SHEET_KINDS) {
    if (normalizeHeader(SHEET_NAMES[kind]) === name) return kind;
    if (kindModule(kind).sheetAliases.some((alias) => normalizeHeader(alias) === name)) return kind;
  }
  return undefined;
}

/**
 * The kind a sheet holds: by its name first, then by the catalogue that maps the most of its
 * headers; on a tie, the one more of whose required fields are among them, then the first kind.
 * (Counting required fields as more than other headers made 'Subdomain, Method, Add extensions' a
 * PBX sheet: only PBX rows have required fields by themselves, the others require one of a group.)
 */
export function detectKind(sheetName: string, headers: readonly string[]): SheetKind | undefined {
  const named = kindByName(sheetName);
  if (named) return named;
  let best: { kind: SheetKind; mapped: number; required: number } | undefined;
  for (const kind of SHEET_KINDS) {
    const mapped = mapHeaders(kind, headers).filter((c) => c.field).length;
    const required = CATALOGUES[kind].fields.filter(
      (f) => f.required && headers.some((h) => headerIndex(kind).get(normalizeHeader(h)) === f.path),
    ).length;
    if (!best || mapped > best.mapped || (mapped === best.mapped && required > best.required)) {
      best = { kind, mapped, required };
    }
  }
  // Enough to go on: three headers of the kind, or fewer that include its required fields.
  return best && best.mapped + best.required * 2 >= 3 ? best.kind : undefined;
}
