/**
 * Collects run events from the bridge for the whole app lifetime, so the Run screen shows the
 * full picture even when the run started (or finished) while another screen was open.
 */
import { useEffect, useRef, useState } from 'react';
import type { LogEvent, ProgressEvent, RowStatusEvent } from '../../src/shared/bridge.ts';
import { bridge } from './transport.ts';

const KEEP_ROWS = 300;
const KEEP_LOG = 200;

export interface RunEvents {
  progress: ProgressEvent | null;
  rows: RowStatusEvent[];
  log: LogEvent[];
}

export function useRunEvents(): RunEvents {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [rows, setRows] = useState<RowStatusEvent[]>([]);
  const [log, setLog] = useState<LogEvent[]>([]);
  // The run the row feed belongs to, checked in the handlers (not in a state updater, which React
  // may run after a row event of the same batch and so wipe it).
  const runId = useRef<string | null>(null);
  useEffect(() => {
    const follow = (id: string): void => {
      if (runId.current === id) return;
      runId.current = id;
      setRows([]);
    };
    const offs = [
      bridge.on('progress', (p) => {
        follow(p.runId);
        setProgress(p);
      }),
      bridge.on('rowStatus', (r) => {
        follow(r.runId);
        setRows((old) => [r, ...old].slice(0, KEEP_ROWS));
      }),
      bridge.on('log', (l) => setLog((old) => [l, ...old].slice(0, KEEP_LOG))),
    ];
    return () => offs.forEach((off) => off());
  }, []);
  return { progress, rows, log };
}
