/**
 * Plan: the online dry run (calls, rate-limit estimate, warnings), then a confirm step that says
 * exactly what a run will create and order, on which target, before anything is written.
 */
import { useState } from 'react';
import type { OpenResult, PlanView, TargetInfo } from '../../../src/shared/bridge.ts';
import { KIND_CREATES, SHEET_KINDS } from '../../../src/shared/kinds.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { PlanDuration, PlanGroups, PlanPreview } from './plan-preview.tsx';
import { RunOptionsFields, type RunOptions } from '../run-options.tsx';
import { InlineError } from '../errors.tsx';

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
  /** Live billed orders are confirmed by typing their count (a checkbox is ticked without reading). */
  const [typedOrders, setTypedOrders] = useState('');
  const billedLive = plan !== null && plan.orders > 0 && target !== undefined && !target.sandbox;
  const ordersConfirmed = !billedLive || typedOrders.trim() === String(plan?.orders);
  const invalid = workbook.sheets.reduce((n, s) => n + s.counts.invalid, 0);

  const runPlan = async (): Promise<void> => {
    setBusy(true);
    setConfirmed(false);
    setTypedOrders('');
    // The last dry run's counts are not this one's: none shown until it answers.
    setPlan(null);
    const p = await attempt(() => bridge.plan({}), 'plan');
    if (p) setPlan(p);
    setBusy(false);
  };

  const start = async (): Promise<void> => {
    // Disabled while the call is in flight: a double-click must not send a second start.
    setBusy(true);
    const s = await attempt(
      () => bridge.startRun({ ...runOptions, ...(billedLive && plan && { confirmOrders: plan.orders }) }),
      'start',
    );
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
      {invalid > 0 && !plan && (
        <p className="warn-box" role="note">
          {invalid} row(s) still have errors; they will be skipped. Fix them in Review to include them.
        </p>
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void runPlan()}>
        {busy ? 'Planning…' : plan ? 'Plan again' : 'Run the dry run'}
      </button>
      <InlineError at="plan" />
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
              <PlanDuration plan={plan} target={target} />
              {plan.notes.map((n, i) => (
                <p key={i} className="muted">
                  {n}
                </p>
              ))}
            </div>
            <div>
              <h3>Rows</h3>
              <PlanRows plan={plan} />
              <h3>Warnings</h3>
              {plan.warnings.length === 0 && !plan.groups.some((g) => g.level === 'warning') ? (
                <p>None.</p>
              ) : null}
              <PlanGroups groups={plan.groups} level="warning" label="Warnings by cause" />
              <ul className="file-messages">
                {plan.warnings.map((w, i) => (
                  <li key={i} className="warning">
                    {w}
                  </li>
                ))}
              </ul>
            </div>
          </div>
          <h3>What each row will do</h3>
          <PlanPreview plan={plan} />
          <div className="confirm" role="group" aria-labelledby="confirm-title">
            <h3 id="confirm-title">Confirm the run</h3>
            <p>
              On <strong>{target?.label ?? 'the target'}</strong>
              {target?.sandbox ? ' (SANDBOX: nothing real is created)' : ''}
              {target && !target.sandbox ? ` (LIVE: ${target.account})` : ''}, the run will:
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
            {billedLive && (
              <label className="typed-confirm">
                <span>
                  This run places <strong>{plan.orders}</strong> billed Partner Portal order(s) on{' '}
                  <strong>{target.account || target.label}</strong>. Type {plan.orders} to confirm them:
                </span>
                <input
                  inputMode="numeric"
                  autoComplete="off"
                  value={typedOrders}
                  aria-invalid={typedOrders !== '' && !ordersConfirmed ? true : undefined}
                  onChange={(e) => setTypedOrders(e.target.value)}
                />
              </label>
            )}
            <button
              type="button"
              className="primary danger"
              disabled={!confirmed || !ordersConfirmed || busy}
              onClick={() => void start()}
            >
              Start the run
            </button>
            <InlineError at="start" />
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * Which rows will not be sent and why, every error grouped by cause with its count (the rows Review
 * now shows as invalid), and which are skipped.
 */
function PlanRows({ plan }: { plan: PlanView }): React.JSX.Element {
  return (
    <div data-testid="plan-rows">
      {plan.blocked === 0 ? (
        <p>Every checked row can be sent.</p>
      ) : (
        <>
          <p className="bad">
            <strong>{plan.blocked}</strong> row(s) have errors and will not be sent (Review shows them as
            invalid):
          </p>
          <PlanGroups groups={plan.groups} level="error" label="Rows that will not be sent" />
        </>
      )}
      {plan.skipped > 0 && (
        <p data-testid="plan-skipped">
          <strong>{plan.skipped}</strong> row(s) skipped: already done by an earlier run or already in YCM
          (not sent, not a failure).
        </p>
      )}
    </div>
  );
}
