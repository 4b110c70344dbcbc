import { describe, expect, it } from 'vitest';
import { looseOption, missingRequired } from '../../../src/core/map/field-info.ts';
import { confidenceOf, editDistance, suggestFields, words } from '../../../src/core/map/suggest.ts';

describe('near-name suggestions for unrecognised columns', () => {
  it('suggests PBX name for "Company name" and Extensions for "Extension count"', () => {
    const s = suggestFields('pbx', ['Company name', 'Extension count', 'Colour']);
    expect(s.get(0)?.field).toBe('name');
    expect(s.get(0)?.label).toBe('PBX name');
    expect(s.get(1)?.field).toBe('extensionCapacity');
    expect(s.get(1)?.confidence).toBe('high');
    // A column that names nothing in the catalogue gets no guess.
    expect(s.has(2)).toBe(false);
  });

  it('catches typos by letters, and is less sure of a synonym than of the word itself', () => {
    const s = suggestFields('pbx', ['Subdomian', 'Simultaneous calls']);
    expect(s.get(0)?.field).toBe('subDomain');
    expect(s.get(0)?.confidence).toBe('high');
    expect(s.get(1)?.field).toBe('concurrentCallCapacity');
    expect(s.get(1)?.score).toBeLessThan(s.get(0)?.score ?? 0);
  });

  it('never offers a field another column already fills, nor one field for two columns', () => {
    const taken = suggestFields('pbx', ['Company name'], new Set(['name']));
    expect(taken.get(0)?.field).not.toBe('name');
    const twice = suggestFields('pbx', ['Company name', 'Customer name']);
    const fields = [...twice.values()].map((x) => x.field);
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('splits words and drops counting words', () => {
    expect(words('extensionCapacity')).toEqual(['extension', 'capacity']);
    expect(words('Number of Extensions')).toEqual(['extension']);
    expect(editDistance('subdomian', 'subdomain')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(confidenceOf(0.9)).toBe('high');
    expect(confidenceOf(0.7)).toBe('medium');
    expect(confidenceOf(0.55)).toBe('low');
  });
});

describe('field facts for the Map and Review screens', () => {
  it('lists required fields and required groups no column fills', () => {
    const missing = missingRequired('pbx', new Set(['name', 'plan', 'region']));
    const labels = missing.map((m) => m.label);
    expect(labels).toContain('Extensions');
    expect(labels).not.toContain('PBX name');
    expect(labels.some((l) => l.startsWith('region'))).toBe(false);
    expect(labels).toContain('domain (Domain ID or Domain)');
  });

  it('finds the fixed value a cell means when only case or spacing differ', () => {
    const plans = ['Enterprise Plan', 'Ultimate Plan'];
    expect(looseOption('enterprise  plan', plans)).toBe('Enterprise Plan');
    expect(looseOption(' ULTIMATEPLAN ', plans)).toBe('Ultimate Plan');
    expect(looseOption('Enterprise Plan', plans)).toBeUndefined();
    expect(looseOption('Premium', plans)).toBeUndefined();
  });
});
