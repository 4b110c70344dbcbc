/** Connect: the targets this session may use, a connection test for each, and live credentials. */
import { useState } from 'react';
import type { ConnectionCheck, TargetsResult } from '../../../src/shared/bridge.ts';
import type { Attempt } from '../app.tsx';
import { bridge } from '../transport.ts';
import { AccountExport } from './account-export.tsx';
import { ChecksList } from './checks-list.tsx';
import { CredentialsForm } from './credentials-form.tsx';
import { InlineError } from '../errors.tsx';

interface Props {
  targets: TargetsResult | null;
  setTargets: (t: TargetsResult) => void;
  attempt: Attempt;
  next: () => void;
}

export function ConnectScreen({ targets, setTargets, attempt, next }: Props): React.JSX.Element {
  const [checks, setChecks] = useState<Record<string, ConnectionCheck>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const test = async (id: string): Promise<void> => {
    setBusy(id);
    const check = await attempt(() => bridge.testConnection({ target: id }), `target-${id}`);
    if (check) setChecks((c) => ({ ...c, [id]: check }));
    setBusy(null);
  };

  const use = async (id: string): Promise<void> => {
    const t = await attempt(() => bridge.selectTarget({ target: id }), `target-${id}`);
    if (t) setTargets(t);
  };

  return (
    <section aria-labelledby="connect-title">
      <h2 id="connect-title">Connect</h2>
      <p className="hint">
        Plan and run go to the target below. With no credentials configured (YCM_*, PP_*, MYREPORTS_*
        variables), the local sandbox simulates all three APIs so you can rehearse the whole flow safely.
      </p>
      {!targets && <p>Loading targets…</p>}
      <ul className="cards">
        {targets?.targets.map((t) => {
          const check = checks[t.id];
          return (
            <li key={t.id} className="card">
              <h3>
                {t.label} {t.sandbox && <span className="tag tag-sandbox">SANDBOX</span>}
                {t.id === targets.active && <span className="tag">active</span>}
              </h3>
              <dl className="systems">
                {(['ycm', 'pp', 'myreports'] as const).map((s) => (
                  <div key={s}>
                    <dt>
                      {s === 'ycm'
                        ? 'Yeastar Central Management'
                        : s === 'pp'
                          ? 'Partner Portal'
                          : 'MyReports'}
                    </dt>
                    <dd>{t.systems[s] ?? 'not configured'}</dd>
                  </div>
                ))}
              </dl>
              <button type="button" onClick={() => void test(t.id)} disabled={busy !== null}>
                {busy === t.id ? 'Testing…' : 'Test connection'}
              </button>
              {t.id !== targets.active && (
                <button type="button" onClick={() => void use(t.id)} disabled={busy !== null}>
                  Use this target
                </button>
              )}
              <InlineError at={`target-${t.id}`} />
              {check && <ChecksList check={check} label={`Connection test for ${t.label}`} />}
            </li>
          );
        })}
      </ul>
      {targets && <CredentialsForm targets={targets} setTargets={setTargets} attempt={attempt} />}
      {targets && <AccountExport attempt={attempt} />}
      <button type="button" className="primary" onClick={next}>
        Next: open a sheet
      </button>
    </section>
  );
}
