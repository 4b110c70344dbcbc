import { describe, expect, it } from 'vitest';
import { SharedStrings } from '../../../src/core/read/shared-strings.ts';

describe('SharedStrings (a workbook string table kept compact)', () => {
  it('gives back every entry exactly, across block boundaries, with non-Latin text and empty strings', () => {
    const table = new SharedStrings();
    const values = Array.from({ length: 10_000 }, (_, i) =>
      i % 7 === 0 ? '' : i % 11 === 0 ? `Zürich 東京 ${i} 📞` : `+1202555${String(i).padStart(4, '0')}`,
    );
    for (const value of values) table.push(value);
    table.finish();
    expect(table.size).toBe(values.length);
    for (const i of [0, 1, 4095, 4096, 4097, 8191, 8192, 9999, 77, 121]) expect(table.get(i)).toBe(values[i]);
    expect(values.every((value, i) => table.get(i) === value)).toBe(true);
  });

  it('keeps rich-text entries as they are and keeps the numbering of the entries after them', () => {
    const table = new SharedStrings();
    const rich = { richText: [{ text: 'Acme ' }, { text: 'Ltd' }] };
    table.push('first');
    table.push(rich);
    table.push('third');
    table.finish();
    expect(table.get(1)).toBe(rich);
    expect(table.get(2)).toBe('third');
  });

  it('answers undefined for an index a damaged sheet points past the end', () => {
    const table = new SharedStrings();
    table.push('only');
    table.finish();
    expect(table.get(1)).toBeUndefined();
    expect(table.get(-1)).toBeUndefined();
    expect(table.get(Number.NaN)).toBeUndefined();
  });
});
