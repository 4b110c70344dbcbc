import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../../src/core/validate/key-index.ts';

describe('KeyIndex (the duplicate finder behind subdomain, name and DID checks)', () => {
  it('finds the first row of every repeated key among 50,000, and no false duplicates', () => {
    const index = new KeyIndex(false);
    const firsts: Array<number | undefined> = [];
    for (let i = 0; i < 50_000; i++) firsts.push(index.firstOrAdd(`+1202${String(i).padStart(7, '0')}`, i));
    expect(firsts.every((f) => f === undefined)).toBe(true);
    expect(index.size).toBe(50_000);
    expect(index.firstOrAdd('+12020012345', 99_999)).toBe(12_345);
    expect(index.get('+12020049999')).toBe(49_999);
    expect(index.get('+12020050000')).toBeUndefined();
  });

  it('caseless keys match whatever their case, also outside ASCII; case-sensitive ones do not', () => {
    const caseless = new KeyIndex(true);
    caseless.firstOrAdd('Acme-HQ', 1);
    caseless.firstOrAdd('Société Générale', 2);
    expect(caseless.get('acme-hq')).toBe(1);
    expect(caseless.get('SOCIÉTÉ GÉNÉRALE')).toBe(2);
    expect(caseless.get('acme-hq2')).toBeUndefined();
    const exact = new KeyIndex(false);
    exact.firstOrAdd('Acme-HQ', 1);
    expect(exact.get('acme-hq')).toBeUndefined();
  });

  it('keeps keys exactly: emoji, right-to-left text and a lone surrogate are found again', () => {
    const index = new KeyIndex(false);
    // Stored one byte a character up to U+00FF, as UTF-16 from U+0100: both sides of the line.
    const keys = [
      '📞 Acme',
      'שלום עולם',
      'bad \ud800 half',
      'bad \ufffd half',
      '',
      'ÿ\u0000end',
      'Āend',
      'ÿend',
    ];
    keys.forEach((key, i) => index.firstOrAdd(key, i));
    keys.forEach((key, i) => expect(index.get(key)).toBe(i));
    expect(index.size).toBe(keys.length);
    expect(index.get('Ā\u0000end')).toBeUndefined(); // same low bytes as 'ÿ\u0000end' would have, another key
  });
});
