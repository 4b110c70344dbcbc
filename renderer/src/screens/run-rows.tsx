/**
 * Rows as the Run and Results screens list them: by customer (PBX name), with the URL a row
 * created as a link, and what went wrong in plain words beside the vendor's code.
 */
import type { RunRowView } from '../../../src/shared/bridge.ts';

/** A created PBX's address as a link (the vendor gives it without a scheme: `acme.yeastarcloud.com`). */
export function PbxLink({ url }: { url: string | undefined }): React.JSX.Element | null {
  if (!url) return null;
  const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {url}
    </a>
  );
}

export function RowName({ r }: { r: Pick<RunRowView, 'name' | 'sheet' | 'row'> }): React.JSX.Element {
  return (
    <>
      <strong>{r.name || '(no name)'}</strong>{' '}
      <span className="muted">
        {r.sheet} row {r.row}
      </span>
    </>
  );
}

/** The run's latest rows, newest first. */
export function RunRowsTable({ rows }: { rows: RunRowView[] }): React.JSX.Element {
  if (rows.length === 0) return <p className="muted">No row has finished yet.</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Rows of the run">
      <table className="summary-table rows-table" aria-label="Rows of this run">
        <thead>
          <tr>
            <th>Customer (PBX)</th>
            <th>Status</th>
            <th>Created</th>
            <th>Problem</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.sheet}:${r.row}`}>
              <td>
                <RowName r={r} />
              </td>
              <td>
                <span className={`pill ${r.status}`}>{r.status}</span>
              </td>
              <td>
                <PbxLink url={r.ids?.url} />
                {!r.ids?.url && r.ids?.orderNo ? `order ${r.ids.orderNo}` : ''}
                {!r.ids?.url && !r.ids?.orderNo && r.ids?.profileId ? `profile ${r.ids.profileId}` : ''}
              </td>
              <td className="problem">
                {r.problem ?? ''}
                {r.code ? <span className="code"> ({r.code})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the canary rows created, to check in the portal before the rest runs. */
export function CanaryCreated({ rows }: { rows: RunRowView[] }): React.JSX.Element {
  const made = rows.filter((r) => r.ids?.url || r.ids?.cloudPbxId || r.ids?.orderNo || r.ids?.profileId);
  if (made.length === 0) return <p className="muted">The canary rows created nothing to look at.</p>;
  return (
    <ul className="canary-created" aria-label="Created by the canary rows">
      {made.map((r) => (
        <li key={`${r.sheet}:${r.row}`}>
          <RowName r={r} />: <PbxLink url={r.ids?.url} />
          {r.ids?.cloudPbxId ? <span className="muted"> · cloudPbxId {r.ids.cloudPbxId}</span> : null}
          {r.ids?.orderNo ? <span className="muted"> · order {r.ids.orderNo}</span> : null}
          {r.ids?.profileId ? <span className="muted"> · profile {r.ids.profileId}</span> : null}
        </li>
      ))}
    </ul>
  );
}
