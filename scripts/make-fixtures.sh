#!/bin/sh
# Regenerates the committed test corpus under test/fixtures/ with writers other than our own
# (issue 2, "Must show"): Debian's python3-openpyxl, LibreOffice (soffice --headless) and SheetJS.
# CI does not run this: the small generated files are committed and the tests only read them.
# Needs: /usr/bin/python3 with openpyxl, soffice, iconv, node_modules (xlsx).
set -eu
cd "$(dirname "$0")/.."
OUT=test/fixtures
WORK=$OUT/.work
PY=${PYTHON:-/usr/bin/python3}
command -v soffice >/dev/null || { echo "make-fixtures: soffice (LibreOffice) is required" >&2; exit 2; }
"$PY" -c 'import openpyxl' || { echo "make-fixtures: $PY needs openpyxl (apt install python3-openpyxl)" >&2; exit 2; }
rm -rf "$OUT/read" "$OUT/bad" "$WORK"
"$PY" scripts/make-fixtures.py "$OUT"
node scripts/make-fixtures-sheetjs.mjs "$OUT"

# LibreOffice: a private profile so a running office does not interfere.
PROFILE="file://$(pwd)/$WORK/profile"
lo() { soffice -env:UserInstallation="$PROFILE" --headless "$@" >/dev/null 2>&1; }

# Formulas: LibreOffice recalculates openpyxl's formulas on load and stores the cached results.
lo --convert-to xlsx --outdir "$WORK/lo" "$WORK/formulas.xlsx"
cp "$WORK/lo/formulas.xlsx" "$OUT/read/libreoffice-formulas.xlsx"

# CSV exports of the corpus table. Filter options: separator, quote, charset (76 UTF-8, 65535
# UTF-16 LE with BOM, 1 Windows-1252), first line.
export_csv() { # $1 options, $2 target name
  rm -rf "$WORK/csv" && lo --convert-to "csv:Text - txt - csv (StarCalc):$1" --outdir "$WORK/csv" "$WORK/corpus.xlsx"
  cp "$WORK/csv/corpus.csv" "$OUT/read/$2"
}
export_csv 44,34,76,1 libreoffice-utf8-comma.csv
export_csv 59,34,65535,1 libreoffice-utf16le-bom-semicolon.csv
export_csv 59,34,1,1 libreoffice-win1252-semicolon.csv
export_csv 9,34,76,1 libreoffice-tab.tsv
# UTF-16 BE without BOM, from LibreOffice's UTF-8 export through iconv.
iconv -f UTF-8 -t UTF-16BE "$OUT/read/libreoffice-utf8-comma.csv" >"$OUT/read/utf16be-nobom-comma.csv"

# LibreOffice's default CSV import turns DIDs into numbers: the + and leading zeros are lost.
lo --convert-to xlsx --outdir "$WORK/lo" "$WORK/did-as-typed.csv"
cp "$WORK/lo/did-as-typed.xlsx" "$OUT/read/libreoffice-csv-import-damaged.xlsx"

# Bad inputs made from real files: an old .xls (OLE2), a truncated .xlsx, an .xlsx named .csv.
lo --convert-to xls --outdir "$WORK/lo" "$WORK/corpus.xlsx"
cp "$WORK/lo/corpus.xls" "$OUT/bad/old-excel.xls"
head -c 1500 "$OUT/read/sheetjs-leading-zeros.xlsx" >"$OUT/bad/truncated.xlsx"
cp "$OUT/read/sheetjs-header-at-b4.xlsx" "$OUT/bad/xlsx-named.csv"
# An OpenDocument spreadsheet (unsupported: the user is told to save as .xlsx).
lo --convert-to ods --outdir "$WORK/lo" "$WORK/corpus.xlsx"
cp "$WORK/lo/corpus.ods" "$OUT/bad/libreoffice.ods"

rm -rf "$WORK"
ls -l "$OUT/read" "$OUT/bad"
