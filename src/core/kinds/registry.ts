/**
 * The sheet kinds, each a module of its own folder (src/core/kinds/<kind>/index.ts, the contract is
 * kind-module.ts). Every stage looks a row's kind up here instead of naming kinds: a new kind is
 * its folder, one line below, and its names in src/shared/kinds.ts.
 *
 * The kind modules use the machinery of schema/, validate/ and engine/, whose stages call back
 * through this registry: read it inside functions only (never at a module's top level).
 */
import { SHEET_KINDS, type SheetKind } from '../../shared/types.ts';
import { DID_KIND } from './did/index.ts';
import { EXPANSION_KIND } from './expansion/index.ts';
import type { KindAction, KindModule } from './kind-module.ts';
import { MYREPORTS_KIND } from './myreports/index.ts';
import { PBX_KIND } from './pbx/index.ts';

/** Every kind's module; a SheetKind without one (or one too many) is a type error. */
export const KINDS = {
  pbx: PBX_KIND,
  did: DID_KIND,
  expansion: EXPANSION_KIND,
  myreports: MYREPORTS_KIND,
} as const satisfies { readonly [K in SheetKind]: KindModule<K> };

/** The planned call of any kind: the union of what the kinds' `resolve` returns. */
export type RowAction = {
  [K in SheetKind]: NonNullable<Awaited<ReturnType<(typeof KINDS)[K]['resolve']>>>;
}[SheetKind];

/** The module of a row's kind. Throws for a kind no module handles (data from outside the types). */
export function kindModule(kind: SheetKind): KindModule<SheetKind, RowAction> {
  const found: KindModule<SheetKind, RowAction> | undefined = Object.hasOwn(KINDS, kind)
    ? KINDS[kind]
    : undefined;
  if (!found) throw new Error(`No sheet kind '${String(kind)}' (src/core/kinds/registry.ts).`);
  return found;
}

/** Every kind's module, in the order of SHEET_KINDS (phases, reports). */
export function kindModules(): KindModule<SheetKind, RowAction>[] {
  return SHEET_KINDS.map(kindModule);
}

export type { KindAction, KindModule };
