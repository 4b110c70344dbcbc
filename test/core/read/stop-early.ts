/**
 * `node bin/run-ts.mjs test/core/read/stop-early.ts FILE`: reads FILE's first data row, stops, and
 * prints it. The process must then end by itself: nothing left open keeps it alive (csv-split.test.ts).
 */
import { readCsv } from '../../../src/core/read/read-csv.ts';

const sheet = await readCsv(process.argv[2] ?? '');
for await (const row of sheet.rows) {
  process.stdout.write(`${JSON.stringify(row)}\n`);
  break;
}
