/**
 * Random access to the parts of an .xlsx zip through its central directory. exceljs's streaming
 * reader walks the zip front to back and loses parts when the worksheets come before
 * xl/workbook.xml or xl/sharedStrings.xml (SheetJS and Excel write them in that order): it then
 * failed with "reading 'sheets'" or named every sheet "Sheet1". Reading the directory first lets
 * the workbook, shared strings and styles be parsed before any worksheet, whatever the order;
 * each part is still inflated as a stream, so memory stays bounded.
 *
 * Every part is read from the one open of the file (FileSnapshot), never by opening its path again:
 * a file replaced meanwhile cannot give one sheet from each version. And each part's inflated bytes
 * are counted against the budgets (limits.ts) as they flow: a zip bomb is refused, not inflated.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { count, megabytes, overBudget, type ReadLimits } from './limits.ts';

export interface ZipPart {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Lists the parts of a zip; throws an Error with a short reason when the directory is damaged. */
export async function listZipParts(handle: FileHandle): Promise<Map<string, ZipPart>> {
  const { size } = await handle.stat();
  const tailLength = Math.min(size, 65_557);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('no zip directory (the file is truncated)');
  const entries = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (dirOffset + dirSize > size) throw new Error('the zip directory points past the end of the file');
  const dir = Buffer.alloc(dirSize);
  await handle.read(dir, 0, dirSize, dirOffset);
  const parts = new Map<string, ZipPart>();
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL) throw new Error('damaged zip directory');
    const nameLength = dir.readUInt16LE(p + 28);
    const extraLength = dir.readUInt16LE(p + 30);
    const commentLength = dir.readUInt16LE(p + 32);
    const name = dir.toString('utf8', p + 46, p + 46 + nameLength).replace(/^\//, '');
    parts.set(name, {
      name,
      method: dir.readUInt16LE(p + 10),
      compressedSize: dir.readUInt32LE(p + 20),
      localHeaderOffset: dir.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return parts;
}

/** What the parts of one workbook have inflated to so far, against the budgets. */
export class InflateBudget {
  private total = 0;

  constructor(
    readonly file: string,
    readonly limits: ReadLimits,
  ) {}

  /** A pass-through stream that counts `part`'s inflated bytes and fails past a budget. */
  meter(part: string): Transform {
    let bytes = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        bytes += chunk.length;
        this.total += chunk.length;
        if (bytes > this.limits.partBytes)
          done(
            overBudget(this.file, part, `more than ${megabytes(this.limits.partBytes)} of XML once inflated`),
          );
        else if (this.total > this.limits.totalBytes)
          done(
            overBudget(
              this.file,
              part,
              `the XML that takes the workbook's parts past ${megabytes(this.limits.totalBytes)} inflated together (${count(this.total)} bytes)`,
            ),
          );
        else done(null, chunk);
      },
    });
  }
}

/** Opens one part, from the open file `handle`, as a stream of its inflated bytes. */
export async function openZipPart(
  handle: FileHandle,
  part: ZipPart,
  budget: InflateBudget,
): Promise<Readable> {
  const header = Buffer.alloc(30);
  await handle.read(header, 0, 30, part.localHeaderOffset);
  if (header.readUInt32LE(0) !== LOCAL) throw new Error(`damaged zip entry ${part.name}`);
  const start = part.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (part.compressedSize === 0) return Readable.from([]);
  if (part.method !== 0 && part.method !== 8)
    throw new Error(`unsupported zip compression method ${part.method}`);
  const raw = rangeOf(handle, start, part.compressedSize);
  const meter = budget.meter(part.name);
  raw.on('error', (error) => meter.destroy(error));
  if (part.method === 0) return raw.pipe(meter);
  // zlib's default 16 KB pieces: 32 KB ones were ~3% slower and took ~12 MB more peak RSS at 100k
  // rows (the XML parser's events per piece), measured 2026-12-03.
  const inflate = createInflateRaw();
  raw.on('error', (error) => inflate.destroy(error));
  inflate.on('error', (error) => meter.destroy(error));
  // A consumer that stops (a sheet given up on) stops the reading of the file too.
  meter.on('close', () => {
    inflate.destroy();
    raw.destroy();
  });
  return raw.pipe(inflate).pipe(meter);
}

/**
 * `length` bytes of the open file from `start`, as a stream that leaves the file open for the next
 * part (a FileHandle's own read streams close it when they are destroyed, autoClose or not).
 */
function rangeOf(handle: FileHandle, start: number, length: number): Readable {
  const end = start + length;
  let position = start;
  return new Readable({
    read() {
      const size = Math.min(RANGE_PIECE, end - position);
      if (size <= 0) {
        this.push(null);
        return;
      }
      const buffer = Buffer.allocUnsafe(size);
      handle.read(buffer, 0, size, position).then(
        ({ bytesRead }) => {
          if (bytesRead === 0) {
            this.destroy(new Error('the file ends inside a zip entry (it is truncated)'));
            return;
          }
          position += bytesRead;
          this.push(bytesRead < size ? buffer.subarray(0, bytesRead) : buffer);
        },
        (error: Error) => this.destroy(error),
      );
    },
  });
}

/** Bytes read from the file at a time (what fs read streams read). */
const RANGE_PIECE = 64 * 1024;

/** The worksheet part of a workbook relationship target ("worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml"). */
export function worksheetPartName(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}
