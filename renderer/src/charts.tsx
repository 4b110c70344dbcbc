/**
 * The run's pictures, as inline SVG (no chart library): the outcome bar (succeeded, failed,
 * pending), the live chart of rows over time with the rate-limit waits shaded, and the results'
 * summary by status. Each has a text equivalent: colour is never the only signal.
 */
import type { RunSample } from '../../src/shared/bridge.ts';
import type { RowStatus } from '../../src/shared/types.ts';
import { formatSeconds } from './format.ts';

export const STATUS_COLOURS: Record<RowStatus, string> = {
  succeeded: '#1c7c3c',
  failed: '#b3261e',
  skipped: '#8a93a3',
  unknown: '#c26a00',
  pending: '#d9a400',
  valid: '#1f5fbf',
  invalid: '#7a1f1a',
};
const WAIT_COLOUR = '#f3c969';

interface OutcomeProps {
  total: number;
  done: number;
  succeeded: number;
  failed: number;
}

/** The progress bar split by outcome; pending is what is not done yet. */
export function OutcomeBar({ total, done, succeeded, failed }: OutcomeProps): React.JSX.Element {
  const other = Math.max(0, done - succeeded - failed);
  const pending = Math.max(0, total - done);
  const pct = (n: number): string => `${total > 0 ? (n / total) * 100 : 0}%`;
  const parts: Array<[string, number, string]> = [
    ['succeeded', succeeded, STATUS_COLOURS.succeeded],
    ['failed', failed, STATUS_COLOURS.failed],
    ['skipped', other, STATUS_COLOURS.skipped],
  ];
  const text = `${succeeded} succeeded, ${failed} failed${other ? `, ${other} skipped` : ''}, ${pending} pending of ${total}`;
  return (
    <div className="outcome">
      <div
        className="progress outcome-bar"
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
      >
        {parts.map(([name, n, colour]) =>
          n > 0 ? (
            <div key={name} className={`seg seg-${name}`} style={{ width: pct(n), background: colour }} />
          ) : null,
        )}
      </div>
      <ul className="legend" data-testid="outcome-legend">
        <li>
          <i style={{ background: STATUS_COLOURS.succeeded }} /> {succeeded} succeeded
        </li>
        <li>
          <i style={{ background: STATUS_COLOURS.failed }} /> {failed} failed
        </li>
        {other > 0 && (
          <li>
            <i style={{ background: STATUS_COLOURS.skipped }} /> {other} skipped
          </li>
        )}
        <li>
          <i className="pending-swatch" /> {pending} pending
        </li>
      </ul>
    </div>
  );
}

const W = 640;
const H = 130;
const PAD = { left: 40, right: 10, top: 10, bottom: 22 };

/** Rows over time: succeeded and failed stacked, all done as a line, rate-limit waits shaded. */
export function RunChart({ samples, total }: { samples: RunSample[]; total: number }): React.JSX.Element {
  const last = samples.at(-1);
  // From the first row on: the time the run spent checking the sheet first is not rows' time.
  const t0 = samples[0]?.t ?? 0;
  const tMax = Math.max(t0 + 1000, last?.t ?? 0);
  const yMax = Math.max(1, total, last?.done ?? 0);
  const x = (t: number): number => PAD.left + ((t - t0) / (tMax - t0)) * (W - PAD.left - PAD.right);
  const y = (n: number): number => H - PAD.bottom - (n / yMax) * (H - PAD.top - PAD.bottom);
  const steps = (value: (s: RunSample) => number): string => {
    let d = `M${x(t0)},${y(0)}`;
    let prev = 0;
    for (const s of samples) {
      d += ` L${x(s.t)},${y(prev)} L${x(s.t)},${y(value(s))}`;
      prev = value(s);
    }
    return d;
  };
  const area = (top: (s: RunSample) => number, bottom: (s: RunSample) => number): string => {
    if (samples.length === 0) return '';
    const up = samples.map((s) => `${x(s.t)},${y(top(s))}`);
    const down = [...samples].reverse().map((s) => `${x(s.t)},${y(bottom(s))}`);
    return `M${up.join(' L')} L${down.join(' L')} Z`;
  };
  const waits: Array<[number, number]> = [];
  samples.forEach((s, i) => {
    if (!s.waiting) return;
    const end = samples[i + 1]?.t ?? s.t + 500;
    const open = waits.at(-1);
    if (open && open[1] >= s.t) open[1] = end;
    else waits.push([s.t, end]);
  });
  const waited = waits.reduce((sum, [a, b]) => sum + (b - a), 0);
  const label = `Rows over time: ${last?.done ?? 0} of ${total} done in ${formatSeconds((tMax - t0) / 1000)}${waits.length ? `; waited for the rate limit ${waits.length} time(s), ${formatSeconds(waited / 1000)} in all` : ''}.`;
  return (
    <figure className="run-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="run-chart">
        {waits.map(([a, b]) => (
          <rect
            key={a}
            className="wait-band"
            x={x(a)}
            y={PAD.top}
            width={Math.max(2, x(b) - x(a))}
            height={H - PAD.top - PAD.bottom}
            fill={WAIT_COLOUR}
            opacity={0.55}
          />
        ))}
        <line x1={PAD.left} y1={y(0)} x2={W - PAD.right} y2={y(0)} stroke="#9aa3b2" />
        <line x1={PAD.left} y1={y(0)} x2={PAD.left} y2={PAD.top} stroke="#9aa3b2" />
        <line
          x1={PAD.left}
          y1={y(total)}
          x2={W - PAD.right}
          y2={y(total)}
          stroke="#d8dde6"
          strokeDasharray="4 3"
        />
        <path
          d={area(
            (s) => s.succeeded,
            () => 0,
          )}
          fill={STATUS_COLOURS.succeeded}
          opacity={0.35}
        />
        <path
          d={area(
            (s) => s.succeeded + s.failed,
            (s) => s.succeeded,
          )}
          fill={STATUS_COLOURS.failed}
          opacity={0.5}
        />
        <path d={steps((s) => s.done)} fill="none" stroke="#1f5fbf" strokeWidth={2} />
        <text x={PAD.left - 6} y={y(0)} textAnchor="end" dominantBaseline="middle">
          0
        </text>
        <text x={PAD.left - 6} y={y(total)} textAnchor="end" dominantBaseline="middle">
          {total}
        </text>
        <text x={PAD.left} y={H - 4}>
          first row
        </text>
        <text x={W - PAD.right} y={H - 4} textAnchor="end">
          +{formatSeconds((tMax - t0) / 1000)}
        </text>
      </svg>
      <figcaption className="legend">
        <span>
          <i style={{ background: '#1f5fbf' }} /> rows done
        </span>
        <span>
          <i style={{ background: STATUS_COLOURS.succeeded, opacity: 0.6 }} /> succeeded
        </span>
        <span>
          <i style={{ background: STATUS_COLOURS.failed, opacity: 0.7 }} /> failed
        </span>
        <span data-testid="wait-legend">
          <i style={{ background: WAIT_COLOUR }} /> waiting for the rate limit
          {waits.length ? ` (${waits.length}×, ${formatSeconds(waited / 1000)})` : ' (none so far)'}
        </span>
      </figcaption>
    </figure>
  );
}

/** The results' summary: one bar per status, with its count. */
export function SummaryChart({
  byStatus,
}: {
  byStatus: Partial<Record<RowStatus, number>>;
}): React.JSX.Element {
  const entries = (Object.entries(byStatus) as Array<[RowStatus, number]>).filter(([, n]) => n > 0);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const row = 24;
  const label = `Rows by status: ${entries.map(([st, n]) => `${n} ${st}`).join(', ')}.`;
  return (
    <svg
      className="summary-chart"
      viewBox={`0 0 420 ${entries.length * row + 4}`}
      role="img"
      aria-label={label}
      data-testid="summary-chart"
    >
      {entries.map(([st, n], i) => (
        <g key={st} transform={`translate(0 ${i * row + 2})`}>
          <text x={90} y={15} textAnchor="end">
            {st}
          </text>
          <rect
            x={98}
            y={3}
            height={16}
            width={Math.max(2, (n / max) * 250)}
            fill={STATUS_COLOURS[st]}
            rx={3}
          />
          <text x={104 + Math.max(2, (n / max) * 250)} y={15}>
            {n} ({Math.round((n / total) * 100)}%)
          </text>
        </g>
      ))}
    </svg>
  );
}
