/**
 * Safety stops for a run (PRODUCT.md, Run): stop after N failures in a row, stop when a share of
 * the finished rows failed, and a canary (run N rows, then wait for "continue" or "stop").
 * Set next to the confirm step; the Run screen shows them while the run goes.
 */
import type { RunOptionsInput } from '../../src/shared/bridge.ts';

export type RunOptions = Pick<
  RunOptionsInput,
  'canary' | 'stopAfterConsecutiveFailures' | 'stopFailedPercent' | 'allowRepeatOrder'
>;

/** Defaults: stop after 10 failures in a row; no percentage stop; no canary. */
export const DEFAULT_RUN_OPTIONS: RunOptions = { stopAfterConsecutiveFailures: 10 };

interface Props {
  value: RunOptions;
  onChange: (v: RunOptions) => void;
}

type Key = Exclude<keyof RunOptions, 'allowRepeatOrder'>;

const FIELDS: Array<{ key: Key; label: string; hint: string; max: number }> = [
  {
    key: 'stopAfterConsecutiveFailures',
    label: 'Stop after this many failures in a row',
    hint: 'e.g. wrong credentials or a full quota fail every row',
    max: 1_000_000,
  },
  { key: 'stopFailedPercent', label: 'Stop when this % of rows failed', hint: '1–100', max: 100 },
  {
    key: 'canary',
    label: 'Canary: run this many rows first, then ask',
    hint: 'check them in the portal before the rest',
    max: 1_000_000,
  },
];

export function RunOptionsFields({ value, onChange }: Props): React.JSX.Element {
  const set = (key: Key, text: string): void => {
    const n = Number(text);
    const next = Object.fromEntries(Object.entries(value).filter(([k]) => k !== key)) as RunOptions;
    if (text.trim() !== '' && Number.isInteger(n) && n >= 1)
      next[key] = Math.min(n, FIELDS.find((f) => f.key === key)?.max ?? n);
    onChange(next);
  };
  return (
    <fieldset className="run-options">
      <legend>Safety stops (leave blank for none)</legend>
      {FIELDS.map((f) => (
        <label key={f.key}>
          <span>{f.label}</span>
          <input
            type="number"
            min={1}
            max={f.max}
            inputMode="numeric"
            value={value[f.key] ?? ''}
            onChange={(e) => set(f.key, e.target.value)}
          />
          <small className="muted">{f.hint}</small>
        </label>
      ))}
      <label className="checkbox">
        <input
          type="checkbox"
          checked={value.allowRepeatOrder === true}
          onChange={(e) => {
            const { allowRepeatOrder: _dropped, ...rest } = value;
            onChange(e.target.checked ? { ...rest, allowRepeatOrder: true } : rest);
          }}
        />
        <span>Order even when the PBX already has a recent order this run does not record</span>
        <small className="muted">
          only for a PBX you mean to expand again: without it such an order is refused as a probable duplicate
        </small>
      </label>
    </fieldset>
  );
}

/** One line saying which stops apply. */
export function describeRunOptions(o: RunOptions): string {
  const parts = [
    o.stopAfterConsecutiveFailures ? `after ${o.stopAfterConsecutiveFailures} failures in a row` : '',
    o.stopFailedPercent ? `at ${o.stopFailedPercent}% failed` : '',
    o.canary ? `canary of ${o.canary} row(s)` : '',
  ].filter(Boolean);
  const repeat = o.allowRepeatOrder ? ' Repeat orders allowed.' : '';
  return `${parts.length ? `Stops: ${parts.join(', ')}.` : 'No safety stops.'}${repeat}`;
}
