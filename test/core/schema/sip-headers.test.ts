/** The "Custom SIP headers" cell of the DID Bindings sheet (seeds/004 customSipHeadersBindings). */
import { describe, expect, it } from 'vitest';
import { parseSipHeaders } from '../../../src/core/schema/sip-headers.ts';

describe('parseSipHeaders', () => {
  it('reads trunkId:headerId=value entries separated by semicolons, spaces tolerated', () => {
    expect(parseSipHeaders(' 6681 : 12 = acme east ;6682:3=x;')).toEqual({
      keep: false,
      bindings: [
        { trunkId: 6681, headerId: 12, value: 'acme east' },
        { trunkId: 6682, headerId: 3, value: 'x' },
      ],
    });
  });

  it('keeps semicolons, spaces and doubled quotes inside a quoted value', () => {
    expect(parseSipHeaders('6681:1=" a;b "; 6681:2="say ""hi"""')).toEqual({
      keep: false,
      bindings: [
        { trunkId: 6681, headerId: 1, value: ' a;b ' },
        { trunkId: 6681, headerId: 2, value: 'say "hi"' },
      ],
    });
  });

  it("knows the keep word 'unchanged' and 'none' (remove all), in any case", () => {
    expect(parseSipHeaders('UNCHANGED')).toEqual({ keep: true });
    expect(parseSipHeaders('None')).toEqual({ keep: false, bindings: [] });
  });

  it('says what is wrong instead of guessing', () => {
    expect(parseSipHeaders('6681=acme')).toMatchObject({
      error: expect.stringMatching(/not trunkId:headerId=value/),
    });
    expect(parseSipHeaders('6681:1=')).toEqual({ error: "'6681:1' has no value." });
    expect(parseSipHeaders('6681:1="open')).toMatchObject({ error: expect.stringMatching(/not closed/) });
    expect(parseSipHeaders('6681:1=a"b')).toMatchObject({ error: expect.stringMatching(/quote/) });
    expect(parseSipHeaders('6681:1=a; 6681:1=b')).toMatchObject({
      error: expect.stringMatching(/listed twice/),
    });
    expect(parseSipHeaders('0:1=a')).toMatchObject({ error: expect.stringMatching(/whole numbers from 1/) });
    expect(parseSipHeaders(';;')).toEqual({ error: 'No header given.' });
  });
});
