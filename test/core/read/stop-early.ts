/**
 * `node bin/run-ts.mjs test/core/read/stop-early.ts FILE [split]`: reads FILE's first data row
 * through the CSV parse worker (or with `split`, the fast path), stops, and prints it. The process must then end by itself (csv-worker.test.ts).
 */
import { readCsv } from '../../../src/core/read/read-csv.ts';

const split = process.argv[3] === 'split';
const sheet = await readCsv(process.argv[2] ?? '', { workerFromBytes: 0, split });
for await (const row of sheet.rows) {
  process.stdout.write(`${JSON.stringify(row)}\n`);
  break;
}
