/**
 * The bridge over browser-mode HTTP: POST /api/<call> with JSON, events from one EventSource.
 * The session cookie travels by itself (same origin); this file never sees the secret.
 */
import {
  BRIDGE_CALLS,
  BRIDGE_EVENTS,
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  type Bridge,
  type BridgeCall,
  type BridgeCallMap,
  type BridgeEvent,
  type BridgeEventMap,
  type BridgeErrorBody,
} from '../../src/shared/bridge.ts';

/**
 * Uploads a picked or dropped file as the request body itself. The browser streams it from disk;
 * reading it into a Uint8Array first made fetch copy the whole file on the page's thread (a 41 MB,
 * 100k-row CSV blocked the page for ~370 ms).
 */
export async function uploadBlob(name: string, file: Blob): Promise<BridgeCallMap['uploadFile']['result']> {
  return send<'uploadFile'>(
    fetch(`${HTTP_API_PREFIX}uploadFile?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
    }),
  );
}

/** A failed call's Error, carrying the input it is about (`field`) when the engine side named one. */
function bridgeError(e: BridgeErrorBody['error']): Error {
  const error = new Error(e.message);
  return e.field === undefined ? error : Object.assign(error, { field: e.field });
}

async function send<K extends BridgeCall>(response: Promise<Response>): Promise<BridgeCallMap[K]['result']> {
  const res = await response;
  const text = await res.text();
  let body: { result: BridgeCallMap[K]['result'] } | BridgeErrorBody;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Not the API's JSON (a proxy, a server stopped mid-reply): its own words, else the status.
    body = { error: { name: 'Error', message: text.trim().slice(0, 300) || `HTTP ${res.status}` } };
  }
  if ('error' in body) throw bridgeError(body.error);
  return body.result;
}

async function post<K extends BridgeCall>(
  call: K,
  args: BridgeCallMap[K]['args'],
): Promise<BridgeCallMap[K]['result']> {
  if (call === 'uploadFile') {
    const a = args as BridgeCallMap['uploadFile']['args'];
    return uploadBlob(a.name, new Blob([a.data as Uint8Array<ArrayBuffer>])) as Promise<
      BridgeCallMap[K]['result']
    >;
  }
  return send<K>(
    fetch(`${HTTP_API_PREFIX}${call}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(args),
    }),
  );
}

/** Builds the HTTP bridge; saveExport downloads through the browser instead of a dialog. */
export function createHttpBridge(): Bridge {
  const listeners = new Map<BridgeEvent, Set<(p: never) => void>>();
  let source: EventSource | undefined;
  const ensureSource = (): void => {
    if (source) return;
    source = new EventSource(HTTP_EVENTS_PATH);
    for (const event of BRIDGE_EVENTS) {
      source.addEventListener(event, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as never;
        for (const l of listeners.get(event) ?? []) l(payload);
      });
    }
  };
  const calls = Object.fromEntries(
    BRIDGE_CALLS.map((c) => [c, (args: never) => post(c, args)]),
  ) as unknown as Bridge;
  calls.saveExport = async ({ id }) => {
    const a = document.createElement('a');
    a.href = `${HTTP_API_PREFIX}download/${encodeURIComponent(id)}`;
    a.download = '';
    document.body.append(a);
    a.click();
    a.remove();
    return { saved: true };
  };
  calls.on = <E extends BridgeEvent>(event: E, listener: (p: BridgeEventMap[E]) => void) => {
    ensureSource();
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener as (p: never) => void);
    return () => set.delete(listener as (p: never) => void);
  };
  return calls;
}
