import { describe, expect, it } from 'vitest';
import { KINDS, kindModule, kindModules } from '../../../src/core/kinds/registry.ts';
import { CATALOGUES } from '../../../src/core/schema/catalogue.ts';
import { kindByName } from '../../../src/core/map/map-headers.ts';
import { SHEET_KINDS, SHEET_NAMES, type SheetKind } from '../../../src/shared/types.ts';

describe('the kind registry', () => {
  it('has one module per sheet kind, under its own name, in the order of SHEET_KINDS', () => {
    expect(Object.keys(KINDS).sort()).toEqual([...SHEET_KINDS].sort());
    expect(kindModules().map((k) => k.kind)).toEqual(SHEET_KINDS);
    for (const kind of SHEET_KINDS) expect(kindModule(kind).kind).toBe(kind);
  });

  it('runs the kinds in phases, PBXs first, each kind in a phase of its own', () => {
    const phases = kindModules().map((k) => k.phase);
    expect(new Set(phases).size).toBe(phases.length);
    expect(kindModule('pbx').phase).toBe(Math.min(...phases));
  });

  it('refuses a kind no module handles instead of treating it as another', () => {
    expect(() => kindModule('no-such-kind' as SheetKind)).toThrow(/No sheet kind 'no-such-kind'/);
    expect(() => kindModule('toString' as SheetKind)).toThrow(/No sheet kind/);
  });

  it('serves each kind its own catalogue, sheet names and cross-row fields', () => {
    for (const kind of kindModules()) {
      expect(CATALOGUES[kind.kind]).toBe(kind.catalogue);
      expect(kindByName(SHEET_NAMES[kind.kind])).toBe(kind.kind);
      for (const alias of kind.sheetAliases) expect(kindByName(alias)).toBe(kind.kind);
      const paths = new Set(kind.catalogue.fields.map((f) => f.path));
      for (const field of kind.cross.fields) expect(paths.has(field), `${kind.kind} ${field}`).toBe(true);
    }
  });
});
