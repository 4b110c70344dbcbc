/** Open: drop or pick a sheet; shows its sheets, counts and file-level messages. */
import { useRef, useState } from 'react';
import type { FileRef, OpenResult } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge, isElectron, sendFile } from '../transport.ts';
import { applyRememberedMapping } from '../remembered-mapping.ts';
import { HeaderRowRetry, sheetOfError, type FailedOpen } from './open-retry.tsx';
import { InlineError } from '../errors.tsx';

interface Props {
  workbook: OpenResult | null;
  attempt: Attempt;
  opened: (w: OpenResult) => void;
  next: () => void;
  review: () => void;
}

export function OpenScreen({ workbook, attempt, opened, next, review }: Props): React.JSX.Element {
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  /** A file that could not be opened where a header row is named: it may open from another row. */
  const [failed, setFailed] = useState<FailedOpen | null>(null);

  const open = async (
    getRef: () => Promise<FileRef | null>,
    headerRows?: Record<string, number>,
  ): Promise<void> => {
    setBusy(true);
    await attempt(async () => {
      const ref = await getRef();
      if (!ref) return;
      setFailed(null);
      try {
        const w = await applyRememberedMapping(
          await bridge.openSheet({ file: ref, ...(headerRows && { headerRows }) }),
        );
        opened(w);
      } catch (e) {
        setFailed(sheetOfError(ref, e));
        throw e;
      }
    }, 'open');
    setBusy(false);
  };

  const onFiles = (files: FileList | null): void => {
    const f = files?.[0];
    if (f) void open(() => sendFile(f));
  };

  return (
    <section aria-labelledby="open-title">
      <h2 id="open-title">Open a sheet</h2>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          onFiles(e.dataTransfer.files);
        }}
      >
        <p>Drop an .xlsx, .csv or .tsv file here, or</p>
        {isElectron ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void open(() => bridge.pickFile({}))}
          >
            Choose a file…
          </button>
        ) : (
          <label className="button primary">
            Choose a file…
            <input
              ref={input}
              type="file"
              accept=".xlsx,.csv,.tsv,.txt"
              aria-label="Choose a sheet file"
              className="visually-hidden"
              disabled={busy}
              onChange={(e) => onFiles(e.target.files)}
            />
          </label>
        )}
        {busy && <p role="status">Reading and validating…</p>}
      </div>
      {failed && (
        <HeaderRowRetry
          key={`${failed.ref.id}:${failed.row}`}
          failed={failed}
          retry={(row) => void open(() => Promise.resolve(failed.ref), { [failed.sheet]: row })}
        />
      )}
      <InlineError at="open" />
      {workbook && (
        <>
          <h3>{workbook.file}</h3>
          <table className="summary-table">
            <thead>
              <tr>
                <th>Sheet</th>
                <th>Kind</th>
                <th>Rows</th>
                <th>Valid</th>
                <th>With errors</th>
                <th>With warnings</th>
              </tr>
            </thead>
            <tbody>
              {workbook.sheets.map((s) => (
                <tr key={s.name}>
                  <td>{s.name}</td>
                  <td>{s.kind}</td>
                  <td>{s.counts.rows}</td>
                  <td>{s.counts.valid}</td>
                  <td className={s.counts.invalid ? 'bad' : ''}>{s.counts.invalid}</td>
                  <td>{s.counts.warnings}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {workbook.fileMessages.length > 0 && (
            <ul className="file-messages" aria-label="File messages">
              {workbook.fileMessages.map((m, i) => (
                <li key={i} className={m.level}>
                  {m.sheet ? `${m.sheet}: ` : ''}
                  {m.column ? `${m.column}: ` : ''}
                  {m.message}
                </li>
              ))}
            </ul>
          )}
          <div className="actions">
            <button type="button" onClick={next}>
              Check column mapping
            </button>
            <button type="button" className="primary" onClick={review}>
              Review rows
            </button>
          </div>
        </>
      )}
    </section>
  );
}
