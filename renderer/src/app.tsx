/**
 * The app shell: a step list on the left (Connect → Results), the SANDBOX banner when the target
 * is the local simulator or the LIVE banner naming the account when it is not, and the current
 * screen. State that several screens share lives here; the last call's error lives in errors.tsx
 * (shown next to what caused it, or in the banner here; gone on another screen).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useErrors } from './errors.tsx';
import type { OpenResult, PlanView, TargetsResult } from '../../src/shared/bridge.ts';
import { bridge } from './transport.ts';
import { ConnectScreen } from './screens/connect-screen.tsx';
import { OpenScreen } from './screens/open-screen.tsx';
import { MapScreen } from './screens/map-screen.tsx';
import { ReviewScreen } from './screens/review-screen.tsx';
import { PlanScreen } from './screens/plan-screen.tsx';
import { RunScreen } from './screens/run-screen.tsx';
import { useRunEvents } from './run-events.ts';
import { ResultsScreen } from './screens/results-screen.tsx';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './run-options.tsx';

export type Step = 'connect' | 'open' | 'map' | 'review' | 'plan' | 'run' | 'results';

const STEPS: Array<{ id: Step; label: string; needsFile: boolean }> = [
  { id: 'connect', label: 'Connect', needsFile: false },
  { id: 'open', label: 'Open', needsFile: false },
  { id: 'map', label: 'Map', needsFile: true },
  { id: 'review', label: 'Review', needsFile: true },
  { id: 'plan', label: 'Plan', needsFile: true },
  { id: 'run', label: 'Run', needsFile: true },
  { id: 'results', label: 'Results', needsFile: false },
];

export function App(): React.JSX.Element {
  const [step, setStepNow] = useState<Step>('connect');
  const [targets, setTargets] = useState<TargetsResult | null>(null);
  const [workbook, setWorkbook] = useState<OpenResult | null>(null);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [runOptions, setRunOptions] = useState<RunOptions>(DEFAULT_RUN_OPTIONS);
  const events = useRunEvents();
  const { error, dismiss, attempt } = useErrors();

  const runState = events.view?.status.state;
  const runActive = runState === 'running' || runState === 'paused' || runState === 'canary';

  useEffect(() => {
    void attempt(() => bridge.getTargets({})).then((t) => t && setTargets(t));
    // A reloaded page (or a new window) gets the open workbook back from the engine side.
    bridge.getWorkbook({}).then(
      (w) => w && setWorkbook((old) => old ?? w),
      () => undefined,
    );
  }, [attempt]);
  /** Another screen: an error of this one does not follow the user there. */
  const setStep = useCallback(
    (next: Step): void => {
      dismiss();
      setStepNow(next);
    },
    [dismiss],
  );

  // ...and goes straight to a run in progress, which the engine side kept going meanwhile.
  const attached = useRef(false);
  useEffect(() => {
    if (attached.current || !events.view) return;
    attached.current = true;
    if (runActive || runState === 'cancelling') setStepNow('run');
  }, [events.view, runActive, runState]);

  const active = targets?.targets.find((t) => t.id === targets.active);
  const opened = (w: OpenResult): void => {
    setWorkbook(w);
    setPlan(null);
  };
  /** A dry run's statuses are the sheets' now: Review shows the rows and counts the Plan screen talks of. */
  const planned = (p: PlanView | null): void => {
    setPlan(p);
    if (p) setWorkbook((w) => (w ? { ...w, sheets: p.sheets } : w));
  };
  /** A run started: the Run screen shows its fresh view (never the last run's numbers). */
  const started = (): void => {
    // The view is fetched before the screen shows: the start has already begun its new attempt.
    void events.refresh().then(() => setStep('run'));
  };
  /** A plan belongs to the target it was made against: another active target drops it. */
  const changeTargets = (next: TargetsResult | null): void => {
    if (next?.active !== targets?.active) setPlan(null);
    setTargets(next);
  };

  return (
    <div className="shell">
      <nav className="steps" aria-label="Steps">
        <h1>PBX Bulk Import</h1>
        {active?.sandbox && (
          <p className="sandbox-badge" role="status">
            SANDBOX: nothing real is created
          </p>
        )}
        {active && !active.sandbox && (
          <div className="live-badge" role="status" aria-label={`LIVE: ${active.account}`}>
            <strong>LIVE: real PBXs are created and orders billed</strong>
            <span data-testid="live-account">{active.account}</span>
          </div>
        )}
        <ol>
          {STEPS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                aria-current={step === s.id ? 'step' : undefined}
                disabled={s.needsFile && !workbook}
                onClick={() => setStep(s.id)}
              >
                <span className="step-no">{i + 1}</span> {s.label}
              </button>
            </li>
          ))}
        </ol>
        {workbook && (
          <p className="file-name" title={workbook.file}>
            {workbook.file}
          </p>
        )}
        {runActive && step !== 'run' && (
          <p className="run-badge" role="status">
            A run is in progress ({events.view?.progress?.done ?? 0} / {events.view?.progress?.total ?? 0}
            ).{' '}
            <button type="button" className="link" onClick={() => setStep('run')}>
              Watch or cancel it
            </button>
          </p>
        )}
      </nav>
      <main className="screen">
        {error && error.where === undefined && (
          <div className="error-banner top-error" role="alert">
            {error.message}
            <button type="button" onClick={dismiss} aria-label="Dismiss error">
              ×
            </button>
          </div>
        )}
        {step === 'connect' && (
          <ConnectScreen
            targets={targets}
            setTargets={changeTargets}
            attempt={attempt}
            next={() => setStep('open')}
          />
        )}
        {step === 'open' && (
          <OpenScreen
            workbook={workbook}
            attempt={attempt}
            opened={opened}
            next={() => setStep('map')}
            review={() => setStep('review')}
          />
        )}
        {step === 'map' && workbook && (
          <MapScreen workbook={workbook} attempt={attempt} opened={opened} next={() => setStep('review')} />
        )}
        {step === 'review' && workbook && (
          <ReviewScreen workbook={workbook} attempt={attempt} opened={opened} next={() => setStep('plan')} />
        )}
        {step === 'plan' && workbook && (
          <PlanScreen
            workbook={workbook}
            target={active}
            plan={plan}
            setPlan={planned}
            attempt={attempt}
            runOptions={runOptions}
            setRunOptions={setRunOptions}
            started={started}
          />
        )}
        {step === 'run' && <RunScreen events={events} attempt={attempt} next={() => setStep('results')} />}
        {step === 'results' && (
          <ResultsScreen
            workbook={workbook}
            attempt={attempt}
            opened={opened}
            runOptions={runOptions}
            setRunOptions={setRunOptions}
            started={started}
            runView={events.view}
            watch={() => setStep('run')}
          />
        )}
      </main>
    </div>
  );
}

export type { Attempt } from './errors.tsx';
