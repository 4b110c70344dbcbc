/**
 * What the Map and Review screens show about a sheet kind's fields: the template's label, the
 * fixed values of a field that has them, and which required fields (or "one of" groups) no column
 * fills yet. Read from the field catalogue, so the screens and the validator agree.
 */
import type { SheetKind } from '../../shared/types.ts';
import { CATALOGUES, fieldAt } from '../schema/catalogue.ts';

export interface FieldSummary {
  path: string;
  label: string;
  required: boolean;
  /** The values the field accepts, when it has a fixed list. */
  options?: string[];
  help: string;
}

/** Every field of the kind, in the template's order. */
export function fieldSummaries(kind: SheetKind): FieldSummary[] {
  return CATALOGUES[kind].fields.map((f) => ({
    path: f.path,
    label: f.label,
    required: f.required === true,
    ...(f.enum && { options: [...f.enum] }),
    help: f.help,
  }));
}

/** The template's label of a field path, or undefined for a path the kind does not have. */
export function fieldLabel(kind: SheetKind, path: string): string | undefined {
  return fieldAt(kind, path)?.label;
}

/** The fixed values of a field, if it has a list. */
export function fieldOptions(kind: SheetKind, path: string): readonly string[] | undefined {
  return fieldAt(kind, path)?.enum;
}

export interface MissingField {
  /** For people: "Plan", or "region (Region ID or Region)" for a group given by one of its columns. */
  label: string;
  /** The field paths any of which would fill it. */
  paths: string[];
}

/** Required fields and required "one of" groups that none of `mapped` fills. */
export function missingRequired(kind: SheetKind, mapped: ReadonlySet<string>): MissingField[] {
  const { fields, groups } = CATALOGUES[kind];
  const out: MissingField[] = [];
  for (const f of fields) {
    if (f.required && !mapped.has(f.path)) out.push({ label: f.label, paths: [f.path] });
  }
  for (const g of groups) {
    if (!g.required || g.paths.some((p) => mapped.has(p))) continue;
    const labels = g.paths.map((p) => fieldLabel(kind, p) ?? p);
    out.push({ label: `${g.label} (${labels.join(' or ')})`, paths: [...g.paths] });
  }
  return out;
}

/** The value of `options` a cell means when it differs only in case or spacing, if one. */
export function looseOption(text: string, options: readonly string[]): string | undefined {
  const key = looseKey(text);
  if (key === '') return undefined;
  const hit = options.find((o) => looseKey(o) === key);
  return hit !== undefined && hit !== text ? hit : undefined;
}

const looseKey = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
