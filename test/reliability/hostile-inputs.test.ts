/**
 * Issue 16's hostile files (the reading cases): small workbooks written to cost gigabytes, minutes
 * or a stack overflow, and files replaced or truncated while they are read. Each ends with a clear
 * message or a correct result; the memory cases run in a fresh process whose peak RSS is checked.
 * The bad-input corpus is in bad-inputs.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/core/read/read-workbook.ts';
import { validateFile } from '../../src/core/validate/validate-file.ts';
import { BAD, messages, refusal } from './bad-input-helpers.ts';
import { changingCsv, changingXlsx } from './changing-files.ts';
import { writeHostile, type HostileCase } from './hostile-xlsx.ts';
import { probeFile as probe } from './probe.ts';

const tmp = mkdtempSync(join(tmpdir(), 'pbx-hostile-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Issue 16's table, the reading cases: small files written to cost gigabytes, minutes or a crash. */
describe('hostile files end with a clear message or a correct result (issue 16)', () => {
  async function hostile(which: HostileCase): Promise<string> {
    const file = join(tmp, `${which}.xlsx`);
    await writeHostile(which, file);
    return file;
  }

  it('2,000 hidden column ranges of 16,384 columns each: read, and the hidden columns said (was: Set maximum size exceeded)', async () => {
    const r = await validateFile(await hostile('hidden-col-ranges'));
    expect(r.report.summary.byStatus).toEqual({ valid: 1 });
    expect(messages(r)).toMatch(/Column\(s\) 'PBX subdomain' \(A\), 'Trunk' \(B\).* are hidden in Excel/);
  });

  it.each([
    [
      'unclosed-tag-sheet',
      /^xl\/worksheets\/sheet1\.xml holds a tag, comment or cell that is not closed within 4 MB \(from byte 581\).*--max-input-mb/,
    ],
    [
      'unclosed-comment-sheet',
      /^xl\/worksheets\/sheet1\.xml holds a tag, comment or cell that is not closed within 4 MB/,
    ],
    ['unclosed-tag-shared-strings', /^xl\/sharedStrings\.xml holds a tag that is not closed within 4 MB/],
    [
      'merge-cells-million',
      /^xl\/worksheets\/sheet1\.xml holds more than 100,000 merged ranges \(<mergeCell>\)/,
    ],
    ['nested-elements', /^xl\/sharedStrings\.xml holds elements nested more than 256 deep/],
    [
      'invalid-utf8-sheet',
      /^xl\/worksheets\/sheet1\.xml is not valid UTF-8 at byte 401 \(of the part, unzipped\)/,
    ],
  ] as const)('%s is refused, naming the part and the limit', async (which, reason) => {
    const error = await refusal(await hostile(which));
    expect(error.message).toMatch(reason);
    expect(error.file).toMatch(/\.xlsx$/);
  });

  it('a tag that never closes is read in time linear in its size once the budget is raised', async () => {
    // 32 MB held back: it took 35 s when each 16 KB piece copied it again; the sheet ends early.
    const error = await refusal(await hostile('unclosed-tag-sheet'), { maxInputMb: 65_536 });
    expect(error.message).toMatch(/damaged after row 2 \(the sheet ends before its last row\)/);
  }, 20_000);

  it('1,000,000 merged ranges under a raised budget: no stack overflow, ten listed and the rest counted', async () => {
    const r = await validateFile(await hostile('merge-cells-million'), { maxInputMb: 65_536 });
    expect(r.report.summary.byStatus).toEqual({ valid: 1 });
    const merged = r.report.summary.fileMessages.filter((m) => /merged/.test(m.message));
    expect(merged).toHaveLength(11);
    expect(merged.at(-1)?.message).toMatch(/^999,990 more merged ranges \(1,000,000 in all\)/);
  }, 30_000);

  it('2 GB of <mergeCell> (a 5 MB file) is refused under 600 MB peak RSS (was: past 6 GB)', async () => {
    const r = probe(await hostile('merge-cells-2gb'));
    expect(r.inputError).toMatch(/^xl\/worksheets\/sheet1\.xml holds more than 100,000 merged ranges/);
    expect(r.peakRssMb).toBeLessThan(600);
  }, 60_000);

  it('2.1 GB of unused shared strings is refused under 600 MB peak RSS (was: 2.56 GB, then accepted)', async () => {
    const r = probe(await hostile('unused-shared-strings'));
    expect(r.inputError).toMatch(/^xl\/sharedStrings\.xml holds more than 320 MB of shared-string text/);
    expect(r.peakRssMb).toBeLessThan(600);
  }, 120_000);

  it('a part past the inflated budget is refused as it inflates (--max-input-mb 1)', async () => {
    const error = await refusal(join(BAD, 'zip-bomb-whitespace.xlsx'), { maxInputMb: 1 });
    expect(error.message).toMatch(/^xl\/worksheets\/sheet1\.xml holds more than 1 MB of XML once inflated/);
  });

  it('an xlsx replaced (renamed over) while it is read is refused, not read half from each', async () => {
    const { file, other } = await changingXlsx(tmp, 200);
    const sheets = readWorkbook(file);
    const first = await sheets.next();
    if (first.done) throw new Error('no sheet');
    const rows = first.value.rows[Symbol.asyncIterator]();
    await rows.next();
    renameSync(other, file);
    const read = async (): Promise<void> => {
      while (!(await rows.next()).done);
      for await (const sheet of sheets) for await (const row of sheet.rows) void row;
    };
    await expect(read()).rejects.toThrow(
      /^The file changed while it was read \(another file was saved in its place\)/,
    );
  });

  it('a CSV replaced while it is read is read on from the file first opened, then refused', async () => {
    const { file } = changingCsv(tmp, 20_000);
    const other = join(tmp, 'other.csv');
    writeFileSync(other, 'PBX subdomain,Trunk,DIDs,Mode\r\notherco,US_Register_A1B2C3,+12025550150,add\r\n');
    const subdomains = new Set<string>();
    let count = 0;
    const read = async (): Promise<void> => {
      for await (const sheet of readWorkbook(file))
        for await (const row of sheet.rows) {
          subdomains.add(row.cells[0] ?? '');
          if (++count === 10) renameSync(other, file);
        }
    };
    await expect(read()).rejects.toThrow(
      /^The file changed while it was read \(another file was saved in its place\)/,
    );
    // Never a row of the other file (on Linux every read is of the file first opened: all its rows).
    expect([...subdomains]).toEqual(['existingco']);
  });

  it.runIf(process.platform !== 'win32')(
    'a named pipe is refused before it is opened (opening it would wait for a writer)',
    async () => {
      const fifo = join(tmp, 'pipe.csv');
      execFileSync('mkfifo', [fifo]);
      await expect(refusal(fifo)).resolves.toMatchObject({ message: 'This is not a file.' });
    },
  );

  it('a CSV truncated in place while it is read is refused, not read as half its rows', async () => {
    const { file, half } = changingCsv(tmp);
    let count = 0;
    const read = async (): Promise<void> => {
      for await (const sheet of readWorkbook(file))
        for await (const row of sheet.rows) {
          void row;
          if (++count === 10) truncateSync(file, half);
        }
    };
    await expect(read()).rejects.toThrow(
      /^The file changed while it was read \(its size went from [\d,]+ to [\d,]+ bytes\)/,
    );
    expect(count).toBeLessThan(100_000);
  });
});
