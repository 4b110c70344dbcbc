// Writes the SheetJS-made fixtures (run by make-fixtures.sh): SheetJS is the third writer of the
// corpus. It stores text as inline strings (t="str"), numbers with their own formats, and can put
// the table anywhere on the sheet.
import { join } from 'node:path';
import XLSX from 'xlsx';

const root = process.argv[2] ?? join(import.meta.dirname, '..', 'test', 'fixtures');
const read = join(root, 'read');

/** A text cell: what a user gets after formatting a column as Text before typing. */
const text = (v) => ({ t: 's', v, z: '@' });

// Leading zeros, leading +, 19-digit IDs as text; numbers kept with a 00000 format and General.
const wb = XLSX.utils.book_new();
const ws = XLSX.utils.aoa_to_sheet([
  ['Name', 'DID', 'Customer ID', 'Postcode', 'Extensions'],
  ['Acme', text('+12025550101'), text('0012345678901234567'), { t: 'n', v: 501, z: '00000' }, 20],
  ['Globex', text('004930123456'), text('1234567890123456789'), { t: 'n', v: 9021, z: '00000' }, 500],
]);
XLSX.utils.book_append_sheet(wb, ws, 'PBX');
XLSX.writeFile(wb, join(read, 'sheetjs-leading-zeros.xlsx'));

// A notes sheet (no kind: skipped) and a DID sheet whose table starting at B4 (header not on row 1).
const two = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(
  two,
  XLSX.utils.aoa_to_sheet([
    ['Note', 'Owner'],
    ['Bindings for the Acme roll-out', 'Alice'],
  ]),
  'Notes',
);
const did = XLSX.utils.aoa_to_sheet([]);
XLSX.utils.sheet_add_aoa(
  did,
  [
    ['PBX subdomain', 'Trunk', 'DIDs'],
    ['acme', 'US_Register_A1B2C3', text('+12025550101')],
  ],
  { origin: 'B4' },
);
XLSX.utils.book_append_sheet(two, did, 'DID Bindings');
XLSX.writeFile(two, join(read, 'sheetjs-header-at-b4.xlsx'));
console.log('SheetJS fixtures written');
