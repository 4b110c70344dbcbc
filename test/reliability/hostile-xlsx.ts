/**
 * The hostile workbooks of issue 16, written in code (small files that inflate to gigabytes are
 * not committed): a minimal zip writer whose parts may repeat one piece of XML many times. A
 * repeated piece is deflated once, with a full flush (byte-aligned, no reference to what came
 * before), and its compressed bytes are written again for each repeat: 2 GB of `<mergeCell>` is a
 * few MB of file, written in seconds.
 */
import { open } from 'node:fs/promises';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface PartSpec {
  name: string;
  head: string | Buffer;
  /** Written `times` times after the head. */
  repeat?: { piece: string | Buffer; times: number };
  tail?: string | Buffer;
}

const bytes = (text: string | Buffer): Buffer => (typeof text === 'string' ? Buffer.from(text) : text);
const flushed = (data: Buffer): Buffer => deflateRawSync(data, { finishFlush: constants.Z_FULL_FLUSH });

/** Writes a zip of `parts` (deflated) to `file`. */
export async function writeZip(file: string, parts: PartSpec[]): Promise<void> {
  const out = await open(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (data: Buffer): Promise<void> => {
    await out.write(data);
    offset += data.length;
  };
  try {
    for (const part of parts) {
      const head = bytes(part.head);
      const tail = bytes(part.tail ?? '');
      const piece = part.repeat ? bytes(part.repeat.piece) : Buffer.alloc(0);
      const times = part.repeat?.times ?? 0;
      let crc = crc32(head);
      for (let i = 0; i < times; i++) crc = crc32(piece, crc);
      crc = crc32(tail, crc);
      const size = head.length + piece.length * times + tail.length;
      const deflatedHead = flushed(head);
      const deflatedPiece = flushed(piece);
      const deflatedTail = deflateRawSync(tail);
      const compressed = deflatedHead.length + deflatedPiece.length * times + deflatedTail.length;
      const name = Buffer.from(part.name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8);
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(compressed, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      const entry = Buffer.alloc(46);
      entry.writeUInt32LE(0x02014b50, 0);
      entry.writeUInt16LE(20, 4);
      entry.writeUInt16LE(20, 6);
      entry.writeUInt16LE(8, 10);
      entry.writeUInt32LE(crc >>> 0, 16);
      entry.writeUInt32LE(compressed, 20);
      entry.writeUInt32LE(size, 24);
      entry.writeUInt16LE(name.length, 28);
      entry.writeUInt32LE(offset, 42);
      central.push(entry, name);
      await write(Buffer.concat([local, name, deflatedHead]));
      // Repeats written in batches, not one call each.
      const batch = Buffer.concat(Array.from({ length: Math.min(times, 1024) }, () => deflatedPiece));
      for (let left = times; left > 0; left -= 1024)
        await write(left >= 1024 ? batch : batch.subarray(0, left * deflatedPiece.length));
      await write(deflatedTail);
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await write(Buffer.concat([directory, end]));
  } finally {
    await out.close();
  }
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The DID Bindings sheet's header and one valid row, as inline-string rows. */
export const DID_ROWS =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>PBX subdomain</t></is></c><c r="B1" t="inlineStr"><is><t>Trunk</t></is></c><c r="C1" t="inlineStr"><is><t>DIDs</t></is></c><c r="D1" t="inlineStr"><is><t>Mode</t></is></c></row>' +
  '<row r="2"><c r="A2" t="inlineStr"><is><t>existingco</t></is></c><c r="B2" t="inlineStr"><is><t>US_Register_A1B2C3</t></is></c><c r="C2" t="inlineStr"><is><t>+12025550150</t></is></c><c r="D2" t="inlineStr"><is><t>add</t></is></c></row>';

export interface SheetSpec {
  name: string;
  /** The worksheet part: head, repeated piece, tail. */
  xml: Omit<PartSpec, 'name'>;
}

/** A workbook of `sheets`, with an optional shared-string part. */
export async function writeWorkbookZip(
  file: string,
  sheets: SheetSpec[],
  sharedStrings?: Omit<PartSpec, 'name'>,
): Promise<void> {
  const parts: PartSpec[] = [
    {
      name: '[Content_Types].xml',
      head: `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`,
    },
    {
      name: '_rels/.rels',
      head: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      head: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheets
        .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      head: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}${sharedStrings ? `<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    },
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', ...sharedStrings }] : []),
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, ...s.xml })),
  ];
  await writeZip(file, parts);
}

const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}">`;

/** A worksheet part: `before` the data, the DID rows, `after` them. */
export function didSheet(before = '', after = ''): Omit<PartSpec, 'name'> {
  return { head: `${SHEET_HEAD}${before}<sheetData>${DID_ROWS}</sheetData>${after}</worksheet>` };
}

export type HostileCase =
  | 'hidden-col-ranges'
  | 'unclosed-tag-sheet'
  | 'unclosed-comment-sheet'
  | 'unclosed-tag-shared-strings'
  | 'unused-shared-strings'
  | 'merge-cells-2gb'
  | 'merge-cells-million'
  | 'invalid-utf8-sheet'
  | 'nested-elements';

/** What each case is, in the words of issue 16's table. */
export const HOSTILE_CASES: Record<HostileCase, string> = {
  'hidden-col-ranges': '17 KB xlsx with 2,000 <col min max hidden="1"> ranges',
  'unclosed-tag-sheet': 'sheet XML with a tag that never closes (32 MB inflated)',
  'unclosed-comment-sheet': 'sheet XML with a comment that never closes (32 MB inflated)',
  'unclosed-tag-shared-strings': 'shared strings with a tag that never closes (32 MB inflated)',
  'unused-shared-strings': '2.2 MB xlsx with 2.1 GB of unused shared strings',
  'merge-cells-2gb': '4.8 MB xlsx with 2 GB of <mergeCell>',
  'merge-cells-million': '61 KB xlsx with 1,000,000 <mergeCell>',
  'invalid-utf8-sheet': 'sheet XML with invalid UTF-8 (a Windows-1252 é in a cell)',
  'nested-elements': 'shared strings with 96 MB of nested <a> (not in the table: the nesting budget)',
};

const MB = 1 << 20;

/** Writes hostile case `which` to `file`. */
export async function writeHostile(which: HostileCase, file: string): Promise<void> {
  const sheet = (xml: Omit<PartSpec, 'name'>): Promise<void> =>
    writeWorkbookZip(file, [{ name: 'DID Bindings', xml }]);
  switch (which) {
    case 'hidden-col-ranges': {
      // 2,000 ranges of 16,384 columns each, the first Excel's whole width, the others past it:
      // 32 million columns as a set was past its maximum size.
      const cols = Array.from(
        { length: 2000 },
        (_, i) => `<col min="${i * 16_384 + 1}" max="${(i + 1) * 16_384}" width="9" hidden="1"/>`,
      );
      return sheet(didSheet(`<cols>${cols.join('')}</cols>`));
    }
    case 'unclosed-tag-sheet':
      return sheet({
        head: `${SHEET_HEAD}<sheetData>${DID_ROWS}<row r="3"><c r="A3" t="inlineStr" x="`,
        repeat: { piece: 'x'.repeat(MB), times: 32 },
      });
    case 'unclosed-comment-sheet':
      return sheet({
        head: `${SHEET_HEAD}<sheetData>${DID_ROWS}<!-- `,
        repeat: { piece: '<c>'.repeat(MB / 4), times: 32 },
      });
    case 'unclosed-tag-shared-strings':
      return writeWorkbookZip(file, [{ name: 'DID Bindings', xml: didSheet() }], {
        head: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}"><si><t>ok</t></si><si><t a="`,
        repeat: { piece: 'y'.repeat(MB), times: 32 },
      });
    case 'unused-shared-strings': {
      // 2.1 GB of 1 KB strings that no cell uses.
      const entries = Array.from({ length: 1024 }, () => `<si><t>${'s'.repeat(1011)}</t></si>`).join('');
      return writeWorkbookZip(file, [{ name: 'DID Bindings', xml: didSheet() }], {
        head: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}">`,
        repeat: { piece: entries, times: 2100 },
        tail: '</sst>',
      });
    }
    case 'merge-cells-2gb': {
      const piece = Array.from({ length: 1 << 15 }, () => '<mergeCell ref="A2:A3"/>').join('');
      return sheet({
        head: `${SHEET_HEAD}<sheetData>${DID_ROWS}</sheetData><mergeCells>`,
        repeat: { piece, times: Math.ceil((2048 * MB) / piece.length) },
        tail: '</mergeCells></worksheet>',
      });
    }
    case 'merge-cells-million': {
      const piece = Array.from({ length: 1000 }, () => '<mergeCell ref="A2:A3"/>').join('');
      return sheet({
        head: `${SHEET_HEAD}<sheetData>${DID_ROWS}</sheetData><mergeCells count="1000000">`,
        repeat: { piece, times: 1000 },
        tail: '</mergeCells></worksheet>',
      });
    }
    case 'nested-elements':
      // 33 million open elements: the XML parser's stack of them ran out of memory.
      return writeWorkbookZip(file, [{ name: 'DID Bindings', xml: didSheet() }], {
        head: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}"><si>`,
        repeat: { piece: '<a>'.repeat(1 << 18), times: 128 },
        tail: '</si></sst>',
      });
    case 'invalid-utf8-sheet': {
      // The é of "café" written as Windows-1252 (one byte, 0xE9) inside the UTF-8 sheet.
      const xml = Buffer.from(String(didSheet().head).replace('existingco', 'existingco caf\u0001'));
      xml[xml.indexOf(1)] = 0xe9;
      return sheet({ head: xml });
    }
  }
}
