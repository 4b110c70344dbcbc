/**
 * "Export the account" (issue 18), on Connect: every Cloud PBX of the active target with its DID
 * bindings, as a workbook in the template's sheets, saved where the user chooses (only reads).
 */
import { useState } from 'react';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';

export function AccountExport({ attempt }: { attempt: Attempt }): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const exportAccount = async (): Promise<void> => {
    setBusy(true);
    setSaved(null);
    const e = await attempt(() => bridge.exportAccount({}));
    const done = e ? await attempt(() => bridge.saveExport({ id: e.id })) : undefined;
    if (e && done?.saved) setSaved(`${e.name} (${Math.ceil(e.size / 1024)} KB)`);
    setBusy(false);
  };

  return (
    <div className="card" role="group" aria-labelledby="account-export-title">
      <h3 id="account-export-title">Export the account</h3>
      <p className="hint">
        Every Cloud PBX of the active target and its DID bindings, in the template’s sheets, with read-only
        Cloud PBX ID, SN, URL and Status columns: a starting point for a migration, or the record to reconcile
        with later. Opened here again, its rows are existing PBXs and nothing is created.
      </p>
      <button type="button" onClick={() => void exportAccount()} disabled={busy}>
        {busy ? 'Reading the account…' : 'Export the account'}
      </button>
      {saved && <p role="status">Saved {saved}.</p>}
    </div>
  );
}
