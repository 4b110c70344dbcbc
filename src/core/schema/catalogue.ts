/**
 * The catalogue of every sheet kind (each kind's `catalogue`, src/core/kinds/<kind>/fields.ts),
 * and lookups over it.
 */
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { kindModule } from '../kinds/registry.ts';
import type { FieldDef, KindCatalogue } from './field.ts';

/**
 * Every kind's catalogue by kind. Read through getters: the kind modules import modules that
 * import this one, so the registry is not asked before something asks for a catalogue.
 */
export const CATALOGUES: Readonly<Record<SheetKind, KindCatalogue>> = Object.defineProperties(
  {} as Record<SheetKind, KindCatalogue>,
  Object.fromEntries(
    SHEET_KINDS.map((kind) => [kind, { enumerable: true, get: () => kindModule(kind).catalogue }]),
  ),
);

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
