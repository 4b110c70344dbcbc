/** One connection test's result per system (signed in, or why not). */
import type { ConnectionCheck } from '../../../src/shared/bridge.ts';

export function ChecksList({ check, label }: { check: ConnectionCheck; label: string }): React.JSX.Element {
  return (
    <ul className="checks" aria-label={label}>
      {check.systems.map((s) => (
        <li key={s.system} className={s.ok ? 'ok' : 'bad'}>
          {s.ok ? '✓' : '✗'} {s.system}: {s.message}
        </li>
      ))}
    </ul>
  );
}
