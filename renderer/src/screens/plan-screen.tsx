/**
 * Plan: the online dry run (calls, rate-limit estimate, warnings), then a confirm step that says
 * exactly what a run will create and order, on which target, before anything is written.
 */
import { useState } from 'react';
import type { OpenResult, PlanView, TargetInfo } from '../../../src/shared/bridge.ts';
import { KIND_CREATES, SHEET_KINDS } from '../../../src/shared/kinds.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { formatSeconds } from '../format.ts';
import { RunOptionsFields, type RunOptions } from '../run-options.tsx';

interface Props {
  workbook: OpenResult;
  target: TargetInfo | undefined;
  plan: PlanView | null;
  setPlan: (p: PlanView | null) => void;
  attempt: Attempt;
  runOptions: RunOptions;
  setRunOptions: (o: RunOptions) => void;
  started: () => void;
}

export function PlanScreen({
  workbook,
  target,
  plan,
  setPlan,
  attempt,
  runOptions,
  setRunOptions,
  started,
}: Props): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const invalid = workbook.sheets.reduce((n, s) => n + s.counts.invalid, 0);

  const runPlan = async (): Promise<void> => {
    setBusy(true);
    setConfirmed(false);
    const p = await attempt(() => bridge.plan({}));
    if (p) setPlan(p);
    setBusy(false);
  };

  const start = async (): Promise<void> => {
    // Disabled while the call is in flight: a double-click must not send a second start.
    setBusy(true);
    const s = await attempt(() => bridge.startRun({ ...runOptions }));
    setBusy(false);
    if (s) started();
  };

  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Plan (dry run)</h2>
      <p className="hint">
        The dry run resolves names to IDs, checks conflicts, firmware and quotas against{' '}
        {target?.label ?? 'the target'}, and lists the calls a run would make. It writes nothing.
      </p>
      {invalid > 0 && (
        <p className="warn-box" role="note">
          {invalid} row(s) still have errors; they will be skipped. Fix them in Review to include them.
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void runPlan()}>
        {busy ? 'Planning…' : plan ? 'Plan again' : 'Run the dry run'}
      </button>
      {plan && (
        <div className="plan">
          <div className="plan-cols">
            <div>
              <h3>Calls</h3>
              <table className="summary-table" aria-label="Planned calls">
                <thead>
                  <tr>
                    <th>Endpoint</th>
                    <th>Calls</th>
                  </tr>
                </thead>
                <tbody>
                  {plan.calls.map((c) => (
                    <tr key={c.endpoint}>
                      <td>{c.endpoint}</td>
                      <td>{c.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                Estimated time under the rate limit:{' '}
                <strong data-testid="estimate">{formatSeconds(plan.estimateSeconds)}</strong>
              </p>
            </div>
            <div>
              <h3>Warnings</h3>
              {plan.warnings.length === 0 && plan.blocked === 0 ? <p>None.</p> : null}
              <ul className="file-messages">
                {plan.blocked > 0 && (
                  <li className="error">{plan.blocked} row(s) would fail: see Review for why.</li>
                )}
                {plan.warnings.map((w, i) => (
                  <li key={i} className="warning">
                    {w}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <div className="confirm" role="group" aria-labelledby="confirm-title">
            <h3 id="confirm-title">Confirm the run</h3>
            <p>
              On <strong>{target?.label ?? 'the target'}</strong>
              {target?.sandbox ? ' (SANDBOX: nothing real is created)' : ''}, the run will:
            </p>
            <ul data-testid="confirm-list">
              {SHEET_KINDS.filter((k) => plan.creates[k] > 0).map((k) => (
                <li key={k}>
                  <strong>{plan.creates[k]}</strong> {KIND_CREATES[k]}
                </li>
              ))}
              <li>
                <strong>{plan.orders}</strong> Partner Portal order(s) placed
                {plan.orders > 0 && !target?.sandbox ? ' (these cost money)' : ''}
              </li>
            </ul>
            <RunOptionsFields value={runOptions} onChange={setRunOptions} />
            <label className="toggle">
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />I
              have checked the counts above and want to run
            </label>
            <button
              type="button"
              className="primary danger"
              disabled={!confirmed || busy}
              onClick={() => void start()}
            >
              Start the run
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
