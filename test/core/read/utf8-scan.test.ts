import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanCsvBytes } from '../../../src/core/read/csv-scan.ts';
import { readCsv } from '../../../src/core/read/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'pbx-utf8-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, bytes: Buffer): string => {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
};
const notUtf8At = async (file: string): Promise<number | undefined> =>
  (await scanCsvBytes({ file, start: 0, encoding: 'utf8', delimiter: ',' })).notUtf8At;

const MB = 1 << 20;
const HEADER = 'PBX name,PBX subdomain,Trunk,DIDs,Mode\r\n';
/** An ASCII file of more than 64 KB (past the encoding sample), then `tail`. */
function lateTail(tail: Buffer): Buffer {
  const rows = Array.from(
    { length: 2000 },
    (_, i) => `N${i},acme-${i},US_Register_A1B2C3,+1202555${String(i).padStart(4, '0')},add\r\n`,
  );
  return Buffer.concat([Buffer.from(HEADER + rows.join('')), tail]);
}

describe('bytes that are not UTF-8 after the encoding sample', () => {
  it('are found at their exact byte, whatever the read chunk they fall in', async () => {
    const body = lateTail(
      Buffer.from('M\xfcller GmbH,acme-x,US_Register_A1B2C3,+12025559999,add\r\n', 'latin1'),
    );
    expect(await notUtf8At(write('late.csv', body))).toBe(body.indexOf(0xfc));
    // A valid 'ü' (c3 bc) split by the 1 MB chunk boundary is fine; a bad byte right after it is found.
    const straddle = Buffer.concat([Buffer.alloc(MB - 1, 0x61), Buffer.from([0xc3, 0xbc, 0x61, 0xff, 0x0a])]);
    expect(await notUtf8At(write('straddle.csv', straddle))).toBe(MB + 2);
    expect(await notUtf8At(write('straddle-ok.csv', straddle.subarray(0, MB + 2)))).toBeUndefined();
    // An overlong form and a file that ends inside a sequence.
    expect(await notUtf8At(write('overlong.csv', Buffer.from([0x61, 0xe0, 0x80, 0x80, 0x0a])))).toBe(1);
    expect(await notUtf8At(write('cut.csv', Buffer.from([0x61, 0x0a, 0xe2, 0x82])))).toBe(2);
  });

  it('refuse the file, naming byte and line, instead of reading them as U+FFFD', async () => {
    const file = write('late.csv', lateTail(Buffer.from('M\xfcller GmbH,acme-x,T,+1,add\r\n', 'latin1')));
    await expect(readCsv(file)).rejects.toThrow(
      /^Byte [\d,]+ \(line 2002\) is not UTF-8: the file starts as UTF-8, but this part was saved in another encoding.*--encoding win1252/,
    );
  });

  it('read as UTF-8 when the user asks for it, with a warning', async () => {
    const file = write('forced.csv', lateTail(Buffer.from('M\xfcller GmbH,acme-x,T,+1,add\r\n', 'latin1')));
    const sheet = await readCsv(file, { encoding: 'utf8' });
    let last: string | undefined;
    for await (const row of sheet.rows) last = row.cells[0];
    expect(last).toBe('M\uFFFDller GmbH');
    expect(sheet.issues.map((i) => i.message)).toContainEqual(
      expect.stringMatching(/^Byte [\d,]+ \(line 2002\) is not UTF-8; read as UTF-8 as asked/),
    );
  });
});
