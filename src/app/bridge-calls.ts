/**
 * The bridge's one handler map: for every call, the check of its payload and the handler that
 * answers it. Shared by the Electron IPC handlers (main checks, the engine process dispatches) and
 * the HTTP server: a renderer (or a page pretending to be one) is never trusted with shapes or
 * sizes. `satisfies CallTable` makes a call without a check or handler, an unknown call, or a
 * handler with mistyped arguments or result a type error.
 */
import type { BridgeCall, BridgeCallMap } from '../shared/bridge.ts';
import { BRIDGE_CALLS, CREDENTIAL_NAMES } from '../shared/bridge.ts';
import { ROW_STATUSES } from '../shared/types.ts';
import { SessionError } from './session-error.ts';
import type { Session } from './session.ts';

/** The two calls only a transport can answer (pickFile: a native dialog; saveExport: a save dialog or a download). */
export interface TransportCalls {
  pickFile: () => Promise<BridgeCallMap['pickFile']['result']>;
  saveExport: (id: string) => Promise<BridgeCallMap['saveExport']['result']>;
}

interface CallContext {
  session: Session;
  transport: TransportCalls;
}

type Checker = (a: Record<string, unknown>) => boolean;

interface CallEntry<K extends BridgeCall> {
  /** True when the payload (an object, after undefined/null became {}) has this call's shape and sizes. */
  check: Checker;
  handle: (
    ctx: CallContext,
    args: BridgeCallMap[K]['args'],
  ) => BridgeCallMap[K]['result'] | Promise<BridgeCallMap[K]['result']>;
}

export type CallTable = { [K in BridgeCall]: CallEntry<K> };

const MAX_TEXT = 32_767; // Excel's cell limit
const MAX_UPLOAD = 200 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 1000): boolean => typeof v === 'string' && v.length <= max;
const int = (v: unknown, min = 0, max = 10_000_000): boolean =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const only = (a: Record<string, unknown>, keys: string[]): boolean =>
  Object.keys(a).every((k) => keys.includes(k));
const none: Checker = (a) => only(a, []);
const optInt = (v: unknown, min: number, max: number): boolean => v === undefined || int(v, min, max);
const credentials: Checker = (a) =>
  only(a, ['credentials']) &&
  isObj(a['credentials']) &&
  only(a['credentials'], [...CREDENTIAL_NAMES]) &&
  Object.values(a['credentials']).every((v) => str(v, 2000));
const target: Checker = (a) => only(a, ['target']) && str(a['target'], 100);

const CALLS = {
  getTargets: { check: none, handle: ({ session }) => session.getTargets() },
  testConnection: { check: target, handle: ({ session }, a) => session.testConnection(a) },
  testCredentials: { check: credentials, handle: ({ session }, a) => session.testCredentials(a) },
  saveCredentials: { check: credentials, handle: ({ session }, a) => session.saveCredentials(a) },
  selectTarget: { check: target, handle: ({ session }, a) => session.selectTarget(a) },
  pickFile: { check: none, handle: ({ transport }) => transport.pickFile() },
  uploadFile: {
    check: (a) =>
      only(a, ['name', 'data']) &&
      str(a['name'], 255) &&
      a['data'] instanceof Uint8Array &&
      a['data'].byteLength <= MAX_UPLOAD,
    handle: ({ session }, a) => session.uploadFile(a),
  },
  openSheet: {
    check: (a) =>
      only(a, ['file']) && isObj(a['file']) && str(a['file']['id'], 100) && str(a['file']['name'], 255),
    handle: ({ session }, a) => session.openSheet(a),
  },
  getRows: {
    check: (a) =>
      only(a, ['sheet', 'start', 'count', 'filter']) &&
      str(a['sheet'], 255) &&
      int(a['start']) &&
      int(a['count'], 0, 100_000) &&
      (a['filter'] === undefined || a['filter'] === 'all' || a['filter'] === 'errors'),
    handle: ({ session }, a) => session.getRows(a),
  },
  updateCell: {
    check: (a) =>
      only(a, ['sheet', 'index', 'col', 'text']) &&
      str(a['sheet'], 255) &&
      int(a['index']) &&
      int(a['col'], 0, 16_384) &&
      str(a['text'], MAX_TEXT),
    handle: ({ session }, a) => session.updateCell(a),
  },
  setMapping: {
    check: (a) =>
      only(a, ['sheet', 'mapping']) &&
      str(a['sheet'], 255) &&
      isObj(a['mapping']) &&
      Object.values(a['mapping']).every((v) => v === null || str(v, 300)),
    handle: ({ session }, a) => session.setMapping(a),
  },
  listFields: {
    check: (a) => only(a, ['sheet']) && str(a['sheet'], 255),
    handle: ({ session }, a) => session.listFields(a),
  },
  validate: { check: none, handle: ({ session }) => session.validate() },
  plan: { check: none, handle: ({ session }) => session.run.plan() },
  getPlanRows: {
    check: (a) => only(a, ['start', 'count']) && int(a['start']) && int(a['count'], 0, 1000),
    handle: ({ session }, a) => session.run.planRows(a),
  },
  startRun: {
    check: (a) =>
      only(a, [
        'concurrency',
        'canary',
        'stopAfterConsecutiveFailures',
        'stopFailedPercent',
        'retry',
        'allowRepeatOrder',
        'confirmOrders',
      ]) &&
      optInt(a['confirmOrders'], 0, 1_000_000) &&
      optInt(a['concurrency'], 1, 64) &&
      optInt(a['canary'], 1, 1_000_000) &&
      optInt(a['stopAfterConsecutiveFailures'], 1, 1_000_000) &&
      optInt(a['stopFailedPercent'], 1, 100) &&
      (a['retry'] === undefined || typeof a['retry'] === 'boolean') &&
      (a['allowRepeatOrder'] === undefined || typeof a['allowRepeatOrder'] === 'boolean'),
    handle: ({ session }, a) => session.run.start(a),
  },
  answerCanary: {
    check: (a) => only(a, ['proceed']) && typeof a['proceed'] === 'boolean',
    handle: ({ session }, a) => session.run.answerCanary(a.proceed),
  },
  pauseRun: { check: none, handle: ({ session }) => session.run.pause() },
  resumeRun: { check: none, handle: ({ session }) => session.run.resume() },
  cancelRun: { check: none, handle: ({ session }) => session.run.cancel() },
  getRunStatus: { check: none, handle: ({ session }) => session.run.status() },
  getReport: { check: none, handle: ({ session }) => session.getReport() },
  exportReport: {
    check: (a) =>
      only(a, ['format', 'sheet']) &&
      (a['format'] === 'xlsx' || a['format'] === 'csv' || a['format'] === 'json') &&
      (a['sheet'] === undefined || str(a['sheet'], 255)),
    handle: ({ session }, a) => session.exportReport(a),
  },
  saveExport: {
    check: (a) => only(a, ['id']) && str(a['id'], 100),
    handle: ({ transport }, a) => transport.saveExport(a.id),
  },
  listRecentRuns: { check: none, handle: ({ session }) => session.run.listRecent() },
  openRun: {
    check: (a) => only(a, ['runId']) && str(a['runId'], 100) && /^[\w-]+$/.test(String(a['runId'])),
    handle: ({ session }, a) => session.openRun(a),
  },
  getRunView: { check: none, handle: ({ session }) => session.run.view() },
  getWorkbook: { check: none, handle: ({ session }) => session.getWorkbook() },
  getResultRows: {
    check: (a) =>
      only(a, ['status', 'start', 'count']) &&
      (a['status'] === 'all' || (ROW_STATUSES as readonly unknown[]).includes(a['status'])) &&
      int(a['start']) &&
      int(a['count'], 0, 2000),
    handle: ({ session }, a) => session.getResultRows(a),
  },
  exportAccount: { check: none, handle: ({ session }) => session.account.exportAccount() },
  reconcile: { check: none, handle: ({ session }) => session.account.reconcile() },
} satisfies CallTable;

/**
 * The map as its contract type: indexing it with a generic call name gives that call's entry, so
 * dispatch needs no switch and no cast per call.
 */
export const BRIDGE_HANDLERS: Readonly<CallTable> = Object.freeze(CALLS);

export function isBridgeCall(name: string): name is BridgeCall {
  return (BRIDGE_CALLS as readonly string[]).includes(name);
}

/** Returns the arguments typed for `call`, or throws a SessionError naming the bad call. */
export function checkArgs<K extends BridgeCall>(call: K, args: unknown): BridgeCallMap[K]['args'] {
  if (!Object.hasOwn(BRIDGE_HANDLERS, call)) throw new SessionError(`Unknown call '${String(call)}'.`);
  const a = args === undefined || args === null ? {} : args;
  if (!isObj(a) || !BRIDGE_HANDLERS[call].check(a))
    throw new SessionError(`Invalid arguments for '${call}'.`);
  return a as BridgeCallMap[K]['args'];
}

/** Validates `rawArgs` for `call` and runs it. Throws SessionError for bad input or state. */
export async function dispatchCall<K extends BridgeCall>(
  session: Session,
  transport: TransportCalls,
  call: K,
  rawArgs: unknown,
): Promise<BridgeCallMap[K]['result']> {
  const args = checkArgs(call, rawArgs);
  return BRIDGE_HANDLERS[call].handle({ session, transport }, args);
}
