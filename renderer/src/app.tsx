/**
 * The app shell: a step list on the left (Connect → Results), the SANDBOX banner when the target
 * is the local simulator, and the current screen. State that several screens share lives here.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
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
  const [step, setStep] = useState<Step>('connect');
  const [targets, setTargets] = useState<TargetsResult | null>(null);
  const [workbook, setWorkbook] = useState<OpenResult | null>(null);
  const [plan, setPlan] = useState<PlanView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [runOptions, setRunOptions] = useState<RunOptions>(DEFAULT_RUN_OPTIONS);
  const events = useRunEvents();
  const runState = events.view?.status.state;
  const runActive = runState === 'running' || runState === 'paused' || runState === 'canary';

  useEffect(() => {
    bridge.getTargets({}).then(setTargets, (e: unknown) => setError(String(e)));
    // A reloaded page (or a new window) gets the open workbook back from the engine side.
    bridge.getWorkbook({}).then(
      (w) => w && setWorkbook((old) => old ?? w),
      () => undefined,
    );
  }, []);
  // ...and goes straight to a run in progress, which the engine side kept going meanwhile.
  const attached = useRef(false);
  useEffect(() => {
    if (attached.current || !events.view) return;
    attached.current = true;
    if (runActive || runState === 'cancelling') setStep('run');
  }, [events.view, runActive, runState]);

  /** Runs a bridge call, showing its error message in the banner instead of throwing. */
  const attempt = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return undefined;
    }
  }, []);

  const active = targets?.targets.find((t) => t.id === targets.active);
  const opened = (w: OpenResult): void => {
    setWorkbook(w);
    setPlan(null);
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
        {error && (
          <div className="error-banner" role="alert">
            {error}
            <button type="button" onClick={() => setError(null)} aria-label="Dismiss error">
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
            setPlan={setPlan}
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

export type Attempt = <T>(work: () => Promise<T>) => Promise<T | undefined>;
