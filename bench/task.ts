/**
 * One measured task, run in a fresh child process by measure.ts so each figure starts from an
 * empty heap: `node bin/run-ts.mjs bench/task.ts <task> <file>`. Prints one JSON line
 * `{ ms, cpuMs, maxRssMb, rows }`; maxRss is the process's own peak resident set (VmHWM on Linux, see peakRssMb).
 */
import { readFileSync } from 'node:fs';

// Each task imports only what it uses, so a bare reader's RSS does not include the engine's modules.

export const TASKS = ['bare-exceljs', 'bare-csv', 'read', 'validate'] as const;
export type TaskName = (typeof TASKS)[number];

interface StreamCell {
  value: unknown;
  text: string;
}
interface StreamRow {
  eachCell(options: { includeEmpty: boolean }, callback: (cell: StreamCell) => void): void;
}

/** Bare exceljs streaming read with the reader options the product uses; touches every cell. */
async function bareExceljs(): Promise<Runner> {
  const { default: ExcelJS } = await import('exceljs');
  return async (file) => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'ignore',
    });
    let rows = 0;
    let chars = 0;
    for await (const worksheet of reader as unknown as AsyncIterable<AsyncIterable<StreamRow>>) {
      for await (const row of worksheet) {
        rows++;
        row.eachCell({ includeEmpty: false }, (cell) => {
          if (cell.value !== null) chars += cell.text.length;
        });
      }
    }
    if (chars === 0) throw new Error('read nothing');
    return rows - 1;
  };
}

/** Bare csv-parse over a file stream; touches every record. */
async function bareCsv(): Promise<Runner> {
  const { createReadStream } = await import('node:fs');
  const { parse } = await import('csv-parse');
  return async (file) => {
    let rows = 0;
    let chars = 0;
    const records = createReadStream(file).pipe(parse({ relax_column_count: true }));
    for await (const record of records as AsyncIterable<string[]>) {
      rows++;
      for (const cell of record) chars += cell.length;
    }
    if (chars === 0) throw new Error('read nothing');
    return rows - 1;
  };
}

/** The product's reader alone (readWorkbook, every sheet's rows, every cell touched): what it adds to the bare one. */
async function read(): Promise<Runner> {
  const { readWorkbook } = await import('../src/core/read/read-workbook.ts');
  return async (file) => {
    let rows = 0;
    let chars = 0;
    for await (const sheet of readWorkbook(file)) {
      for await (const row of sheet.rows) {
        rows++;
        for (const cell of row.cells) chars += cell.length;
      }
    }
    if (chars === 0) throw new Error('read nothing');
    return rows;
  };
}

/** The product's validate with default options (report rows kept, as the CLI does). */
async function validate(): Promise<Runner> {
  const { validateFile } = await import('../src/core/validate/validate-file.ts');
  return async (file) => {
    const result = await validateFile(file);
    return result.report.summary.total;
  };
}

/** Reads `file`, returns its data row count. */
type Runner = (file: string) => Promise<number>;

/** Loaders: module loading is kept out of the clock (it is the same fixed cost at every size). */
const RUNNERS: Record<TaskName, () => Promise<Runner>> = {
  'bare-exceljs': bareExceljs,
  'bare-csv': bareCsv,
  read,
  validate,
};

/**
 * This process's peak resident set in MB. On Linux it is VmHWM from /proc/self/status: getrusage's
 * maxRSS (process.resourceUsage().maxRSS) survives fork+exec, so a child of a 2 GB parent reports
 * at least 2 GB (measured: a child of an 850 MB parent said 808 MB, VmHWM 39 MB). Elsewhere maxRSS.
 */
function peakRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // Not Linux: fall back below.
  }
  // maxRSS is in kilobytes (Node docs, process.resourceUsage).
  return process.resourceUsage().maxRSS / 1024;
}

function isTask(name: string | undefined): name is TaskName {
  return (TASKS as readonly string[]).includes(name ?? '');
}

async function main(): Promise<void> {
  const [task, file] = process.argv.slice(2);
  if (!isTask(task) || !file) {
    process.stderr.write(`usage: bench/task.ts <${TASKS.join('|')}> FILE\n`);
    process.exit(2);
  }
  const runner = await RUNNERS[task]();
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const rows = await runner(file);
  const ms = performance.now() - start;
  // CPU time (user + system, all threads incl. zlib and GC helpers) is steadier than wall time on a busy machine.
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const maxRssMb = peakRssMb();
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, maxRssMb, rows })}\n`);
}

if (process.argv[1]?.endsWith('task.ts')) await main();
