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
  stop(): void;
}

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
  child.on('exit', () => {
    for (const p of pending.values()) p.reject(new Error('The engine process stopped; restart the app.'));
    pending.clear();
  });
  send({ type: 'init', env: init.env, workDir: init.workDir });
  return {
    call: (name, args) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        send({ type: 'call', id, call: name, args });
      }),
    onEvent: (l) => listeners.push(l),
    stop: () => child.kill(),
  };
}
