/**
 * Generates realistic PBX sheets for the benchmarks: every PBX column of the template, headed by
 * its template label, filled from the template's example row with the unique fields (name,
 * subdomain, DIDs, admin e-mail, device name) varied per row, and about 3 % deliberately invalid
 * rows (wrong-case plan, weak password, duplicate subdomain) so the error paths are measured too.
 * Files are cached in os.tmpdir()/pbx-bulk-bench by row count and format. Run alone:
 * `node bin/run-ts.mjs bench/generate.ts 100000 xlsx`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { CATALOGUES } from '../src/core/schema/catalogue.ts';
import { EXAMPLE_ROWS } from '../src/core/templates/sample-rows.ts';

export type BenchFormat = 'csv' | 'xlsx';

/** Bump when the generated content changes, so cached files are not reused. */
const GENERATOR_VERSION = 1;

/** Where generated sheets are cached between runs. */
export const BENCH_DIR = join(tmpdir(), 'pbx-bulk-bench');

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
const LOCAL = 'cloudPbxInitialConfigRequest.localization';

/** The template's PBX headers (labels) and the field path behind each. */
export function pbxColumns(): { label: string; path: string }[] {
  return CATALOGUES.pbx.fields.map((f) => ({ label: f.label, path: f.path }));
}

/** Row `i` (0-based) of the generated sheet, keyed by field path. About 3 % are invalid. */
export function benchRow(i: number): Record<string, string> {
  const base = EXAMPLE_ROWS.pbx[0] ?? {};
  const sub = `bench-${i}`;
  const name = `Customer ${i}`;
  const row: Record<string, string> = {
    ...base,
    name,
    subDomain: sub,
    // Two DIDs per row, unique across the sheet: +1 202 and a 7-digit counter.
    dids: `+1202${String(2 * i).padStart(7, '0')}, +1202${String(2 * i + 1).padStart(7, '0')}`,
    [`${ADMIN}.emailAddress`]: `it@${sub}.example`,
    [`${LOCAL}.deviceName`]: `${name} PBX`,
  };
  if (i % 97 === 50) row['plan'] = 'enterprise plan';
  if (i % 89 === 40) {
    row[`${ADMIN}.newPassword`] = 'Bench-1234x';
    row[`${ADMIN}.confirmPassword`] = 'Bench-1234x';
  }
  if (i % 101 === 70 && i > 0) row['subDomain'] = `BENCH-${i - 1}`;
  return row;
}

function cellsOf(i: number, paths: readonly string[]): string[] {
  const row = benchRow(i);
  return paths.map((p) => row[p] ?? '');
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

async function writeCsv(file: string, rows: number): Promise<void> {
  const columns = pbxColumns();
  const paths = columns.map((c) => c.path);
  const out = createWriteStream(file);
  const write = async (line: string): Promise<void> => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(columns.map((c) => csvCell(c.label)).join(',') + '\r\n');
  for (let i = 0; i < rows; i++) await write(cellsOf(i, paths).map(csvCell).join(',') + '\r\n');
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(file: string, rows: number): Promise<void> {
  const columns = pbxColumns();
  const paths = columns.map((c) => c.path);
  // Shared strings, as Excel and LibreOffice write them; every value is a text cell.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet('PBX');
  sheet.addRow(columns.map((c) => c.label)).commit();
  for (let i = 0; i < rows; i++) {
    sheet.addRow(cellsOf(i, paths)).commit();
    // Let the zip stream flush now and then, so memory stays flat while writing 1M rows.
    if (i % 10_000 === 9_999) await new Promise<void>((r) => setImmediate(r));
  }
  sheet.commit();
  await workbook.commit();
}

/** Where the sheet with `rows` data rows is cached. */
function sheetPath(rows: number, format: BenchFormat): { dir: string; file: string } {
  const dir = join(BENCH_DIR, `v${GENERATOR_VERSION}-${rows}`);
  // The file is named PBX so its sheet kind is recognised by name, as a user's would be.
  return { dir, file: join(dir, `PBX.${format}`) };
}

/**
 * Path of the generated sheet with `rows` data rows. A missing sheet is generated in a child
 * process (`bench/generate.ts ROWS FORMAT`): the writer's shared-string table for 1M rows takes
 * gigabytes, which the bench's own process should not keep while it measures.
 */
export async function benchSheet(rows: number, format: BenchFormat): Promise<string> {
  const { file } = sheetPath(rows, format);
  if (await exists(file)) return file;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/generate.ts', String(rows), format], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`generating ${file} failed (exit ${code})`)),
    );
  });
  return file;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** Writes the sheet in this process (the child side of benchSheet). */
async function generate(rows: number, format: BenchFormat): Promise<string> {
  const { dir, file } = sheetPath(rows, format);
  if (await exists(file)) return file;
  await mkdir(dir, { recursive: true });
  const partial = join(dir, `partial-${process.pid}.${format}`);
  if (format === 'csv') await writeCsv(partial, rows);
  else await writeXlsx(partial, rows);
  await rename(partial, file);
  return file;
}

if (process.argv[1]?.endsWith('generate.ts')) {
  const [rows, format] = process.argv.slice(2);
  if (!rows || !/^[1-9][0-9]*$/.test(rows) || (format !== 'csv' && format !== 'xlsx')) {
    process.stderr.write('usage: bench/generate.ts ROWS csv|xlsx\n');
    process.exit(2);
  }
  process.stdout.write(`${await generate(Number(rows), format)}\n`);
}
