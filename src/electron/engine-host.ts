/**
 * The engine utilityProcess: holds the UI session (workbook, validation, plan, run) off the UI
 * thread. Receives calls from main, already checked for sender and payload, and answers them.
 */
import { createUiRuntime, type UiRuntime } from '../app/create-session.ts';
import { dispatchCall } from '../app/bridge-calls.ts';
import { errorBody, SessionError } from '../app/session-error.ts';
import type { HostReply, HostRequest } from './engine-messages.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: HostRequest }) => void): void;
  postMessage(message: HostReply): void;
}

const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
let runtime: Promise<UiRuntime> | undefined;

const transport = {
  pickFile: () => Promise.reject(new SessionError('pickFile is answered by main.')),
  saveExport: () => Promise.reject(new SessionError('saveExport is answered by main.')),
};

async function answer(m: Extract<HostRequest, { type: 'call' }>): Promise<unknown> {
  if (!runtime) throw new SessionError('The engine is not initialised yet.');
  const { session } = await runtime;
  const args = m.args as Record<string, string>;
  if (m.call === 'registerFile') return session.registerFile(String(args['path']));
  if (m.call === 'exportFile') return session.exportFile(String(args['id'])) ?? null;
  return dispatchCall(session, transport, m.call, m.args);
}

port?.on('message', ({ data }) => {
  if (data.type === 'init') {
    runtime = createUiRuntime({ env: data.env, workDir: data.workDir, credentialStore: 'keychain' });
    void runtime.then((r) =>
      r.session.subscribe((event, payload) => port.postMessage({ type: 'event', event, payload })),
    );
    return;
  }
  if (data.type === 'shutdown') {
    const closed = runtime ? runtime.then((r) => r.close()) : Promise.resolve();
    closed.then(
      () => port.postMessage({ type: 'reply', id: data.id, result: null }),
      (err: unknown) => port.postMessage({ type: 'reply', id: data.id, ...errorBody(err) }),
    );
    return;
  }
  answer(data).then(
    (result) => port.postMessage({ type: 'reply', id: data.id, result }),
    (err: unknown) => port.postMessage({ type: 'reply', id: data.id, ...errorBody(err) }),
  );
});
