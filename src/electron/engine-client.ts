/**
 * Main's link to the engine process: parsing, validation, plan and run happen in a
 * utilityProcess so the window never freezes on a 100k-row sheet. Calls are numbered messages;
 * events from the engine are forwarded to the window.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { BridgeEvent } from '../shared/bridge.ts';
import type { EngineLink } from './ipc.ts';
import type { HostReply, HostRequest } from './engine-messages.ts';

export interface EngineClient extends EngineLink {
  onEvent(listener: (event: BridgeEvent, payload: unknown) => void): void;
  /** Stops a run as Cancel does and waits for its journal and report (at most `timeoutMs`). */
  shutdown(timeoutMs?: number): Promise<void>;
  stop(): void;
}

/** Rows in flight finish within their request timeouts; past this the engine is stopped anyway. */
const SHUTDOWN_TIMEOUT_MS = 120_000;
const STOPPED = 'The engine process stopped; restart the app.';

/** Forks the engine host and sends it its start-up data (credentials go by message, not argv). */
export function startEngine(
  hostScript: string,
  init: { env: Record<string, string | undefined>; workDir: string },
): EngineClient {
  const child: UtilityProcess = utilityProcess.fork(hostScript, [], {
    serviceName: 'PBX Bulk Import engine',
    stdio: 'inherit',
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: Array<(event: BridgeEvent, payload: unknown) => void> = [];
  let next = 1;
  const send = (m: HostRequest): void => child.postMessage(m);
  child.on('message', (m: HostReply) => {
    if (m.type === 'event') for (const l of listeners) l(m.event, m.payload);
    else if (m.type === 'reply') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if ('error' in m) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else p.resolve(m.result);
    }
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
    for (const p of pending.values()) p.reject(new Error(STOPPED));
    pending.clear();
  });
  send({ type: 'init', env: init.env, workDir: init.workDir });
  /** Sends a numbered request; a process already gone answers at once, with the reason. */
  const request = (make: (id: number) => HostRequest): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(STOPPED));
        return;
      }
      const id = next++;
      pending.set(id, { resolve, reject });
      send(make(id));
    });
  return {
    call: (name, args) => request((id) => ({ type: 'call', id, call: name, args })),
    onEvent: (l) => listeners.push(l),
    shutdown: async (timeoutMs = SHUTDOWN_TIMEOUT_MS) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
      await Promise.race([request((id) => ({ type: 'shutdown', id })).catch(() => undefined), timeout]);
      clearTimeout(timer);
    },
    stop: () => child.kill(),
  };
}
