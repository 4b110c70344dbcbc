/** The catalogue of every sheet kind, and lookups over it. */
import type { SheetKind } from '../../shared/types.ts';
import type { FieldDef, KindCatalogue } from './field.ts';
import { DID_CATALOGUE, EXPANSION_CATALOGUE, MYREPORTS_CATALOGUE } from './fields-other.ts';
import { PBX_CATALOGUE } from './fields-pbx.ts';

export const CATALOGUES: Readonly<Record<SheetKind, KindCatalogue>> = {
  pbx: PBX_CATALOGUE,
  did: DID_CATALOGUE,
  expansion: EXPANSION_CATALOGUE,
  myreports: MYREPORTS_CATALOGUE,
};

const byPath = new Map<SheetKind, Map<string, FieldDef>>();

/** The field at `path` in `kind`, if any. */
export function fieldAt(kind: SheetKind, path: string): FieldDef | undefined {
  let map = byPath.get(kind);
  if (!map) {
    map = new Map(CATALOGUES[kind].fields.map((f) => [f.path, f]));
    byPath.set(kind, map);
  }
  return map.get(path);
}

/**
 * The secret field paths a row's journal key leaves out (a password changed does not make new
 * work); a secret that identifies the object (`identifies`) stays in, hashed.
 */
export function unkeyedSecretPaths(kind: SheetKind): Set<string> {
  return new Set(CATALOGUES[kind].fields.filter((f) => f.secret && !f.identifies).map((f) => f.path));
}
