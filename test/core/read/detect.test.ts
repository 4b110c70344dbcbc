import { describe, expect, it } from 'vitest';
import { sniffDelimiter, sniffEncoding } from '../../../src/core/read/detect.ts';

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

describe('encoding detection on the first bytes of a file', () => {
  it('a UTF-8 sequence cut by the end of the sample still reads as UTF-8', () => {
    // 'é' (c3 a9), '€' (e2 82 ac) and '😀' (f0 9f 98 80), each cut after its first bytes.
    for (const sample of ['41 c3', '41 e2 82', '41 f0 9f 98', '41 c3 a9 e2']) {
      expect(sniffEncoding(bytes(sample)).encoding, sample).toBe('utf8');
    }
  });

  it('bytes that are not UTF-8 anywhere in the sample read as Windows-1252', () => {
    for (const sample of [
      '43 61 66 e9 2c 31', // 'Café,1' in Windows-1252: é is a lone e9
      '41 e0 80 80', // an overlong encoding of NUL
      '41 ed a0 80', // a UTF-16 surrogate written as UTF-8
      '41 c0', // a byte no UTF-8 sequence starts with, at the very end
      '41 f8', // nor this one
      '41 c3 41', // a lead byte followed by ASCII, not cut by the end
    ]) {
      expect(sniffEncoding(bytes(sample)).encoding, sample).toBe('win1252');
    }
  });
});

describe('delimiter detection', () => {
  it('counts only outside quotes, and a quoted line break does not end a line', () => {
    const text = 'Name;Notes;City\n"Acme, Inc";"one,\ntwo,three";Paris\nBeta;x;Rome\n';
    expect(sniffDelimiter(text)).toBe(';');
  });

  it('prefers the delimiter whose count is the same on every line', () => {
    // Commas only in the header's free text; tabs on every line.
    const text = 'Name\tNotes, with commas, here\nAcme\tx\nBeta\ty\n';
    expect(sniffDelimiter(text)).toBe('\t');
  });

  it('a file with one column, or no delimiter at all, is read as comma-separated', () => {
    expect(sniffDelimiter('Name\nAcme\nBeta\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('looks past a title line above the headers, with or without a comma in it', () => {
    expect(
      sniffDelimiter('Customer onboarding\nName;Subdomain;DIDs\nAcme;acme;+1202\nBeta;beta;+1203\n'),
    ).toBe(';');
    expect(
      sniffDelimiter('Batch 7, December\nName\tSubdomain\tDIDs\nAcme\tacme\t+1202\nBeta\tbeta\t+1203\n'),
    ).toBe('\t');
  });

  it('looks at the first 20 lines only', () => {
    const text = `${'a;b\n'.repeat(20)}${'a,b,c,d,e,f\n'.repeat(100)}`;
    expect(sniffDelimiter(text)).toBe(';');
  });
});
