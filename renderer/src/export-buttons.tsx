/**
 * The report's exports: xlsx and JSON hold every sheet; a CSV holds one, so a workbook of several
 * sheets gets one CSV button per sheet, each with the user's own columns and the results.
 */
import { useState } from 'react';
import type { ExportFormat, OpenResult } from '../../src/shared/bridge.ts';
import type { Attempt } from './app.tsx';
import { InlineError } from './errors.tsx';
import { bridge } from './transport.ts';

interface Choice {
  format: ExportFormat;
  sheet?: string;
  label: string;
}

function choices(workbook: OpenResult): Choice[] {
  const sheets = workbook.sheets.map((s) => s.name);
  const csv: Choice[] =
    sheets.length < 2
      ? [{ format: 'csv', label: 'Export CSV' }]
      : sheets.map((sheet) => ({ format: 'csv', sheet, label: `Export CSV: ${sheet}` }));
  return [{ format: 'xlsx', label: 'Export XLSX' }, ...csv, { format: 'json', label: 'Export JSON' }];
}

export function ExportButtons({
  workbook,
  attempt,
}: {
  workbook: OpenResult;
  attempt: Attempt;
}): React.JSX.Element {
  const [exported, setExported] = useState<string | null>(null);

  const exportAs = async (c: Choice): Promise<void> => {
    setExported(null);
    const args = c.sheet === undefined ? { format: c.format } : { format: c.format, sheet: c.sheet };
    const e = await attempt(() => bridge.exportReport(args), 'export');
    if (!e) return;
    const saved = await attempt(() => bridge.saveExport({ id: e.id }), 'export');
    if (saved?.saved) setExported(`${e.name} (${Math.ceil(e.size / 1024)} KB)`);
  };

  return (
    <>
      <div className="actions">
        {choices(workbook).map((c) => (
          <button key={c.label} type="button" onClick={() => void exportAs(c)}>
            {c.label}
          </button>
        ))}
      </div>
      <InlineError at="export" />
      {exported && <p role="status">Saved {exported}.</p>}
    </>
  );
}
