# Writes the zip, encoding and CSV cases of test/fixtures/bad/ added by the reliability suite.
# Usage: python3 test/reliability/make-bad-fixtures.py test/fixtures/bad
import zipfile, os, random, gzip, io, sys
out = sys.argv[1]
def w(name, data, mode='wb'):
    with open(os.path.join(out, name), mode) as f: f.write(data)
H = 'PBX subdomain,Trunk,DIDs,Mode'
ROW = 'existingco,US_Register_A1B2C3,+12025550150,add'
CT = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>%s</Types>'''
RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'''
def wb(sheets):
    s = ''.join('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (n, i+1, i+1) for i, (n, _, _) in enumerate(sheets))
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>' % s
def wbrels(sheets):
    r = ''.join('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/>' % (i+1, t, p) for i, (_, t, p) in enumerate(sheets))
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % r
def cell(ref, text): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
def sheetxml(rows):
    body = ''.join('<row r="%d">%s</row>' % (i+1, ''.join(cell('%s%d' % (chr(65+j), i+1), v) for j, v in enumerate(r))) for i, r in enumerate(rows))
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % body
SHEET_CT = '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
def minimal(path, sheet_bytes_writer=None, rows=None):
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('[Content_Types].xml', CT % SHEET_CT)
        z.writestr('_rels/.rels', RELS)
        sh = [('DID Bindings', 'worksheet', 'worksheets/sheet1.xml')]
        z.writestr('xl/workbook.xml', wb(sh))
        z.writestr('xl/_rels/workbook.xml.rels', wbrels(sh))
        if sheet_bytes_writer:
            with z.open('xl/worksheets/sheet1.xml', 'w', force_zip64=True) as f: sheet_bytes_writer(f)
        else:
            z.writestr('xl/worksheets/sheet1.xml', sheetxml(rows))
rows = [H.split(','), ROW.split(',')]
# zip bomb: ~200 MB of one cell's text inflates from a file of a few hundred KB
def bomb(f):
    f.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">' + ''.join(cell('%s1' % chr(65+j), v) for j, v in enumerate(H.split(','))) + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>').encode())
    chunk = b'A' * (1 << 20)
    for _ in range(200): f.write(chunk)
    f.write(b'</t></is></c></row></sheetData></worksheet>')
minimal(os.path.join(out, 'zip-bomb-cell.xlsx'), bomb)
def bomb_rows(f):
    f.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">' + ''.join(cell('%s1' % chr(65+j), v) for j, v in enumerate(H.split(','))) + '</row>').encode())
    row = ''.join('<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i) for i in range(2, 2002)).encode()
    f.write(b' ' * 0)
    ws = b' ' * (1 << 20)
    for _ in range(300): f.write(ws)
    f.write(b'</sheetData></worksheet>')
minimal(os.path.join(out, 'zip-bomb-whitespace.xlsx'), bomb_rows)
# a valid minimal workbook, then damaged copies
minimal(os.path.join(out, '_ok.xlsx'), rows=rows)
ok = open(os.path.join(out, '_ok.xlsx'), 'rb').read()
w('truncated-half.xlsx', ok[: len(ok) // 2])
bad = bytearray(ok); i = ok.find(b'xl/worksheets/sheet1.xml') + 40
for k in range(i, i + 30): bad[k] ^= 0x5A
w('corrupt-deflate.xlsx', bytes(bad))
os.remove(os.path.join(out, '_ok.xlsx'))
random.seed(7)
w('not-a-zip.xlsx', bytes(random.getrandbits(8) for _ in range(4096)))
with zipfile.ZipFile(os.path.join(out, 'zip-without-workbook.xlsx'), 'w') as z: z.writestr('hello.txt', 'not a workbook')
# chart sheets only
with zipfile.ZipFile(os.path.join(out, 'chart-sheets-only.xlsx'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', CT % '<Override PartName="/xl/chartsheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>')
    z.writestr('_rels/.rels', RELS)
    sh = [('Chart1', 'chartsheet', 'chartsheets/sheet1.xml')]
    z.writestr('xl/workbook.xml', wb(sh))
    z.writestr('xl/_rels/workbook.xml.rels', wbrels(sh))
    z.writestr('xl/chartsheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>')
w('gzip-named.csv', gzip.compress((H + '\r\n' + ROW + '\r\n').encode()))
w('html-table.csv', b'<html><body><table><tr><td>PBX subdomain</td><td>Trunk</td></tr><tr><td>acme</td><td>T</td></tr></table></body></html>\n')
w('html-named.xlsx', b'<html><body><table><tr><td>PBX subdomain</td></tr></table></body></html>\n')
w('json-named.csv', b'[{"PBX subdomain": "acme", "Trunk": "US_Register_A1B2C3"}]\n')
text = H + '\r\n' + ROW + '\r\n'
w('utf16le-no-bom.csv', text.encode('utf-16-le'))
w('utf16be-no-bom.csv', text.encode('utf-16-be'))
w('mixed-line-endings.csv', (H + '\r\n' + ROW + '\n' + ROW.replace('0150', '0151') + '\r' + ROW.replace('0150', '0152') + '\r\n').encode())
w('empty-headers.csv', ('PBX subdomain,,Trunk,,DIDs,Mode\r\nexistingco,x,US_Register_A1B2C3,,+12025550150,add\r\n').encode())
w('formula-payloads.csv', (H + '\r\n' + '\r\n'.join(['"=HYPERLINK(""http://evil.example"",""x"")",US_Register_A1B2C3,+12025550150,add', '+1+cmd|calc,US_Register_A1B2C3,+12025550151,add', '-2+3+cmd,US_Register_A1B2C3,+12025550152,add', '@SUM(1+1),US_Register_A1B2C3,+12025550153,add', 'existingco,=1+1,+12025550154,add']) + '\r\n').encode())
w('nul-bytes.csv', (H + '\r\n' + 'exist\x00ingco,US_Register_A1B2C3,+1202555\x000150,add\r\n').encode())
w('ten-thousand-columns.csv', (H + ',' + ','.join('Extra %d' % i for i in range(9996)) + '\r\n' + ROW + ',' * 9996 + '\r\n').encode())
w('semicolon-delimited.csv', (H.replace(',', ';') + '\r\n' + ROW.replace(',', ';') + '\r\n').encode())
w('tab-delimited.tsv', (H.replace(',', '\t') + '\r\n' + ROW.replace(',', '\t') + '\r\n').encode())
w('quoted-newlines.csv', (H + '\r\n' + 'existingco,US_Register_A1B2C3,"+12025550150\n+12025550151",add\r\n').encode())
w('unterminated-quote.csv', (H + '\r\n' + 'existingco,"US_Register_A1B2C3,+12025550150,add\r\n' + ROW + '\r\n').encode())
w('windows-1252.csv', ('PBX name,Trunk,DIDs,Mode\r\nCafé Müller Ltd,US_Register_A1B2C3,+12025550150,add\r\n').encode('cp1252'))
w('blank-rows-only.csv', (H + '\r\n\r\n,,,\r\n\r\n').encode())
w('whitespace-only.csv', b'   \r\n\t \r\n  \r\n')
w('leading-blank-rows.csv', ('\r\n,,,\r\n' + text).encode())
w('unknown-headers.csv', ('Colour,Flavour,Size\r\nred,vanilla,L\r\n').encode())
w('ansi-escapes.csv', (H + '\r\n' + 'existingco\x1b[2J\x1b[31m,US_Register_A1B2C3,+12025550150,add\r\n').encode())
w('dates-three-locales.csv', ('PBX subdomain,Method,Extensions to add,PO number\r\nexistingco,order,5,03/04/2026\r\nexistingco,order,5,04.03.2026\r\nexistingco,order,5,2026/03/04\r\n').encode())
w('only-bom.csv', '\ufeff'.encode('utf-8'))
w('bom-utf16le-header-only.csv', ('\ufeff' + H + '\r\n').encode('utf-16-le'))
# A worksheet whose XML breaks off (or goes wrong) part-way, inside a valid zip: rows after it are lost.
many = [H.split(',')] + [ROW.replace('0150', '%04d' % (150 + i)).split(',') for i in range(40)]
full = sheetxml(many)
minimal(os.path.join(out, 'truncated-sheet-xml.xlsx'), lambda f: f.write(full[: full.find('<row r="31">') + 40].encode()))
minimal(os.path.join(out, 'malformed-sheet-xml.xlsx'), lambda f: f.write(full.replace('</row><row r="21">', '</c></row><row r="21">').encode()))
# A quote opened at the start of a cell and closed rows later: csv-parse merges those rows into the cell.
w('stray-quote.csv', (H + '\r\n' + ROW + '\r\n"acme-2,US_Register_A1B2C3,+12025550151,add\r\nacme-3,US_Register_A1B2C3,+12025550152,add\r\nacme-4 12" ltd,US_Register_A1B2C3,+12025550153,add\r\n' + ROW.replace('0150', '0154') + '\r\n').encode())
# Cells without their optional r="A1" addresses (valid OOXML; the reader writes the addresses in, sheet-layout.ts).
import re
minimal(os.path.join(out, 'cells-without-addresses.xlsx'), lambda f: f.write(re.sub(r'<c r="[A-Z]+[0-9]+"', '<c', sheetxml(rows)).encode()))
# A workbook that lists two worksheets but holds the data of the first only.
with zipfile.ZipFile(os.path.join(out, 'missing-sheet-part.xlsx'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', CT % SHEET_CT)
    z.writestr('_rels/.rels', RELS)
    sh = [('DID Bindings', 'worksheet', 'worksheets/sheet1.xml'), ('More DIDs', 'worksheet', 'worksheets/sheet2.xml')]
    z.writestr('xl/workbook.xml', wb(sh))
    z.writestr('xl/_rels/workbook.xml.rels', wbrels(sh))
    z.writestr('xl/worksheets/sheet1.xml', sheetxml(rows))
# UTF-16 with one byte missing: everything after it would decode as other characters.
w('utf16le-odd-bytes.csv', ('\ufeff' + text).encode('utf-16-le')[:-1])
# Two rows with the same number (crafted: Excel writes rows in order).
minimal(os.path.join(out, 'repeated-row-number.xlsx'), lambda f: f.write(sheetxml([H.split(','), ROW.split(','), ROW.replace('0150', '0151').split(',')]).replace('<row r="3">', '<row r="2">').replace('A3', 'A2').replace('B3', 'B2').replace('C3', 'C2').replace('D3', 'D2').encode()))
