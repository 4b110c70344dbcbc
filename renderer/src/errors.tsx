/**
 * Where a failed call's message is shown: next to what caused it. A call made with a place
 * (`attempt(work, 'credentials')`) shows its error in that place's InlineError, scrolled into view,
 * and names the input it is about (`field`) so the input can be marked; a call without a place
 * shows it in the banner at the top of the screen, which stays in view. Changing screens clears it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

export interface ShownError {
  message: string;
  /** The place the call was made from (an InlineError with the same `at`). */
  where?: string;
  /** The input the message is about (a credential's name), when the engine side said so. */
  field?: string;
}

/** A bridge call that shows its error (at `where`) and gives undefined instead of throwing. */
export type Attempt = <T>(work: () => Promise<T>, where?: string) => Promise<T | undefined>;

export interface ErrorSlot {
  error: ShownError | null;
  dismiss: () => void;
  attempt: Attempt;
}

const ErrorContext = createContext<ErrorSlot>({
  error: null,
  dismiss: () => undefined,
  attempt: async (work) => work(),
});

/** Holds the error of the last call for the whole app (main.tsx puts it around App). */
export function ErrorProvider({ children }: { children: React.ReactNode }): React.JSX.Element {
  const [error, setError] = useState<ShownError | null>(null);
  const dismiss = useCallback(() => setError(null), []);
  const attempt = useCallback(async <T,>(work: () => Promise<T>, where?: string): Promise<T | undefined> => {
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(shownError(e, where));
      return undefined;
    }
  }, []);
  const slot = useMemo(() => ({ error, dismiss, attempt }), [error, dismiss, attempt]);
  return <ErrorContext.Provider value={slot}>{children}</ErrorContext.Provider>;
}

/** The current error, its dismissal and `attempt` (runs a call, showing its error). */
export function useErrors(): ErrorSlot {
  return useContext(ErrorContext);
}

/** The error of a rejected call, with the field the engine side named (browser mode and Electron). */
export function shownError(e: unknown, where: string | undefined): ShownError {
  const message = e instanceof Error ? e.message : String(e);
  const field = e instanceof Error && 'field' in e && typeof e.field === 'string' ? e.field : undefined;
  return { message, ...(where !== undefined && { where }), ...(field !== undefined && { field }) };
}

/** The error shown at `at`, if any (for inputs that mark themselves invalid). */
export function useErrorAt(at: string): ShownError | null {
  const { error } = useContext(ErrorContext);
  return error?.where === at ? error : null;
}

/** The id of the InlineError at `at`, for an input's aria-describedby. */
export const inlineErrorId = (at: string): string => `error-${at}`;

/** The message of a call made from `at`, shown here and scrolled into view. */
export function InlineError({ at }: { at: string }): React.JSX.Element | null {
  const { error, dismiss } = useContext(ErrorContext);
  const ref = useRef<HTMLDivElement>(null);
  const shown = error?.where === at ? error : null;
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [shown]);
  if (!shown) return null;
  return (
    <div className="error-banner inline-error" role="alert" id={inlineErrorId(at)} ref={ref}>
      <span>{shown.message}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
