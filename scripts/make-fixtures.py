#!/usr/bin/python3
"""Writes the openpyxl-made and byte-exact fixtures under test/fixtures/ (run by make-fixtures.sh).

Debian's python3-openpyxl is one of the "other writers" of issue 2: it stores numbers as numbers,
text as shared strings, number formats, hidden rows and merged cells the way Excel does, and
formulas WITHOUT cached results (LibreOffice recalculates those in make-fixtures.sh).
The CSV files are written byte by byte so each one proves exactly one encoding/delimiter case.
"""
import datetime
import os
import sys

import openpyxl

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "test", "fixtures")
READ = os.path.join(ROOT, "read")
BAD = os.path.join(ROOT, "bad")
WORK = os.path.join(ROOT, ".work")  # inputs for LibreOffice, deleted by the shell script
for d in (READ, BAD, WORK):
    os.makedirs(d, exist_ok=True)

# The corpus table: accents (incl. the euro sign, which only Windows-1252 has among 8-bit code
# pages), a leading +, leading zeros, 19-digit IDs, a quoted delimiter and a line break in a cell.
HEADERS = ["Name", "Subdomain", "DID", "Customer ID", "Notes"]
ROWS = [
    ["Société Générale", "societe", "+33142868200", "0012345678901234567", 'Crème brûlée; "5 €"'],
    ["Müller GmbH", "mueller", "004930123456", "1234567890123456789", "Straße, Köln"],
    ["Ñandú SA", "nandu", "+5491155550000", "9999999999999999999", "línea 1\nlínea 2"],
]


def csv_text(delimiter, newline="\r\n"):
    def cell(value):
        if any(ch in value for ch in (delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value

    return newline.join(delimiter.join(cell(v) for v in row) for row in [HEADERS] + ROWS) + newline


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


# --- CSV byte cases (Python's codecs as the writer) -------------------------------------------
write(os.path.join(READ, "utf8-bom-comma.csv"), b"\xef\xbb\xbf" + csv_text(",").encode("utf-8"))
write(os.path.join(READ, "utf8-nobom-semicolon.csv"), csv_text(";").encode("utf-8"))
write(os.path.join(READ, "utf16be-bom-tab.tsv"), b"\xfe\xff" + csv_text("\t").encode("utf-16-be"))
write(os.path.join(READ, "utf16le-nobom-comma.csv"), csv_text(",").encode("utf-16-le"))
write(os.path.join(READ, "win1252-accents-semicolon.csv"), csv_text(";").encode("cp1252"))
# \r\n, \n and a lone \r (old Mac) in one file, as files pasted together end up.
mixed = ("Name,Subdomain,DID\r\n" "Acme,acme,+12025550101\n" "Globex,globex,+12025550102\r" "Initech,initech,+12025550103\r\n")
write(os.path.join(READ, "mixed-line-endings.csv"), mixed.encode("utf-8"))
# Blank lines (and a line of bare delimiters) before the header, blank lines between data rows.
write(
    os.path.join(READ, "header-after-blank-lines.csv"),
    ("\r\n;;\r\n\r\nName;Subdomain;DID\r\nAcme;acme;+12025550101\r\n;;\r\n\r\nGlobex;globex;+12025550102\r\n").encode("utf-8"),
)

# --- openpyxl workbooks ----------------------------------------------------------------------
# Leading zeros, leading +, 19-digit IDs as text cells; an integer ID and a long number as numbers.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "PBX"
ws.append(["Name", "DID", "Customer ID", "SN", "Extensions"])
ws.append(["Acme", "+12025550101", "0012345678901234567", "0000123", 20])
ws.append(["Globex", "004930123456", "1234567890123456789", "369A1B2C3D4E", 500])
ws.append(["Initech", 12025550103, 123456789012345, "007", 5])
wb.save(os.path.join(READ, "openpyxl-text-and-numbers.xlsx"))

# Values Excel already damaged, in a DID Bindings sheet (a kind the validator recognises).
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "DID Bindings"
ws.append(["PBX subdomain", "Trunk", "DIDs", "Trunk ID"])
ws.append(["acme", "US_Register_A1B2C3", "+12025550101", None])  # row 2: fine
ws.append(["acme", "US_Register_A1B2C3", 12025550102, None])  # row 3: DID stored as a number
ws.append(["acme", "US_Register_A1B2C3", 447700900123, None])  # row 4: shown as 4.48E+11
ws["C4"].number_format = "0.00E+00"
ws.append(["acme", "US_Register_A1B2C3", datetime.date(2025, 5, 1), None])  # row 5: a date
ws["C5"].number_format = "yyyy-mm-dd"
ws.append(["acme", None, "+12025550106", 1.23456789012e11])  # row 6: an ID in scientific notation
ws["D6"].number_format = "0.00E+00"
wb.save(os.path.join(READ, "openpyxl-excel-damaged.xlsx"))

# Layout: header on row 3 (rows 1-2 blank), a hidden data row, a merged cell, empty rows between.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "DID Bindings"
ws["A3"], ws["B3"], ws["C3"] = "PBX subdomain", "Trunk", "DIDs"
ws["A4"], ws["B4"], ws["C4"] = "acme", "US_Register_A1B2C3", "+12025550101"
ws["A5"], ws["B5"], ws["C5"] = "acme", "US_Register_A1B2C3", "+12025550102"
ws.row_dimensions[5].hidden = True
# rows 6-7 empty
ws["A8"], ws["B8"], ws["C8"] = "globex", "US_Register_A1B2C3", "+12025550108"
ws["C9"] = "+12025550109"
ws.merge_cells("A8:A9")  # a subdomain merged over two DID rows: only A8 holds the value
ws.merge_cells("B8:B9")
ws["A10"], ws["B10"], ws["C10"] = "hooli", "US_Register_A1B2C3", "+12025550110"
wb.save(os.path.join(READ, "openpyxl-layout.xlsx"))

# Formulas without cached values: LibreOffice opens, recalculates and saves them with results.
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "DID Bindings"
ws.append(["PBX subdomain", "Trunk", "DIDs", "Label"])
ws.append(['=LOWER("ACME")', "US_Register_A1B2C3", '="+1"&"2025550101"', '=A2&"-"&C2'])
ws.append(["globex", "US_Register_A1B2C3", '=CONCATENATE("00","4930123456")', "=10*2"])
wb.save(os.path.join(WORK, "formulas.xlsx"))

# The corpus table as text cells, for LibreOffice's CSV exports (each encoding and delimiter).
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Corpus"
for row in [HEADERS] + ROWS:
    ws.append(row)
for r in ws.iter_rows(min_row=2):
    for c in r:
        c.number_format = "@"
wb.save(os.path.join(WORK, "corpus.xlsx"))

# A plain CSV that LibreOffice's default import damages (numbers lose + and leading zeros).
write(
    os.path.join(WORK, "did-as-typed.csv"),
    b"PBX subdomain,Trunk,DIDs\r\nacme,US_Register_A1B2C3,+12025550101\r\nacme,US_Register_A1B2C3,004930123456\r\n",
)

# --- bad inputs -------------------------------------------------------------------------------
write(os.path.join(BAD, "empty.csv"), b"")
write(os.path.join(BAD, "header-only.csv"), b"PBX subdomain,Trunk,DIDs\r\n")
write(os.path.join(BAD, "duplicate-headers.csv"), b"PBX subdomain,Trunk,DIDs,trunk\r\nacme,T,+12025550101,T\r\n")
write(
    os.path.join(BAD, "pdf-named.csv"),
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\nstream\n"
    + bytes(range(256)) * 4
    + b"\nendstream\n%%EOF\n",
)
write(os.path.join(BAD, "binary-garbage.csv"), bytes((i * 37 + 11) % 256 for i in range(4096)))
write(os.path.join(BAD, "csv-named.xlsx"), b"PBX subdomain,Trunk,DIDs\r\nacme,US_Register_A1B2C3,+12025550101\r\n")
# An OLE2 compound file header, as Excel writes for a password-protected (encrypted) .xlsx.
ole = bytearray(4096)
ole[0:8] = bytes.fromhex("d0cf11e0a1b11ae1")
ole[0x18:0x1C] = bytes.fromhex("3e000300")
ole[0x1C:0x1E] = bytes.fromhex("feff")
ole[0x1E:0x20] = bytes.fromhex("0900")
write(os.path.join(BAD, "password-protected.xlsx"), bytes(ole))
print("openpyxl and byte fixtures written")
