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
/** A paste or a fill of more cells than this is refused (Excel's clipboard holds far less). */
const MAX_EDITS = 200_000;
const rowQuery: Checker = (a) =>
  (a['filter'] === undefined || ['all', 'errors', 'warnings'].includes(String(a['filter']))) &&
  (a['search'] === undefined || str(a['search'], 1000)) &&
  (a['sort'] === undefined ||
    (isObj(a['sort']) &&
      only(a['sort'], ['col', 'desc']) &&
      int(a['sort']['col'], -1, 16_384) &&
      typeof a['sort']['desc'] === 'boolean')) &&
  (a['columnFilter'] === undefined ||
    (isObj(a['columnFilter']) &&
      only(a['columnFilter'], ['col', 'text']) &&
      int(a['columnFilter']['col'], 0, 16_384) &&
      str(a['columnFilter']['text'], 1000)));

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
      only(a, ['file', 'headerRows']) &&
      isObj(a['file']) &&
      str(a['file']['id'], 100) &&
      str(a['file']['name'], 255) &&
      (a['headerRows'] === undefined ||
        (isObj(a['headerRows']) &&
          Object.keys(a['headerRows']).length <= 1000 &&
          Object.entries(a['headerRows']).every(([k, v]) => k.length <= 255 && int(v, 1, 1_048_576)))),
    handle: ({ session }, a) => session.openSheet(a),
  },
  getRows: {
    check: (a) =>
      only(a, ['sheet', 'start', 'count', 'filter', 'sort', 'search', 'columnFilter']) &&
      str(a['sheet'], 255) &&
      int(a['start']) &&
      int(a['count'], 0, 100_000) &&
      rowQuery(a),
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
  editCells: {
    check: (a) =>
      only(a, ['sheet', 'edits', 'label']) &&
      str(a['sheet'], 255) &&
      (a['label'] === undefined || str(a['label'], 200)) &&
      Array.isArray(a['edits']) &&
      a['edits'].length <= MAX_EDITS &&
      a['edits'].every(
        (e: unknown) =>
          isObj(e) &&
          only(e, ['index', 'col', 'text']) &&
          int(e['index']) &&
          int(e['col'], 0, 16_384) &&
          str(e['text'], MAX_TEXT),
      ),
    handle: ({ session }, a) => session.edits.editCells(a),
  },
  fillDown: {
    check: (a) =>
      only(a, ['sheet', 'col', 'indexes']) &&
      str(a['sheet'], 255) &&
      int(a['col'], 0, 16_384) &&
      Array.isArray(a['indexes']) &&
      a['indexes'].length <= MAX_EDITS &&
      a['indexes'].every((i: unknown) => int(i)),
    handle: ({ session }, a) => session.edits.fillDown(a),
  },
  fixColumn: {
    check: (a) => only(a, ['sheet', 'col']) && str(a['sheet'], 255) && int(a['col'], 0, 16_384),
    handle: ({ session }, a) => session.edits.fixColumn(a),
  },
  replaceAll: {
    check: (a) =>
      only(a, ['sheet', 'find', 'replace', 'col', 'matchCase']) &&
      str(a['sheet'], 255) &&
      str(a['find'], MAX_TEXT) &&
      str(a['replace'], MAX_TEXT) &&
      optInt(a['col'], 0, 16_384) &&
      (a['matchCase'] === undefined || typeof a['matchCase'] === 'boolean'),
    handle: ({ session }, a) => session.edits.replaceAll(a),
  },
  undoEdit: { check: none, handle: ({ session }) => session.edits.undo() },
  redoEdit: { check: none, handle: ({ session }) => session.edits.redo() },
  getHistory: { check: none, handle: ({ session }) => session.edits.history() },
  exportCorrected: { check: none, handle: ({ session }) => session.exportCorrected() },
  setMapping: {
    check: (a) =>
      only(a, ['sheet', 'mapping']) &&
      str(a['sheet'], 255) &&
      isObj(a['mapping']) &&
      Object.values(a['mapping']).every((v) => v === null || str(v, 300)),
    handle: ({ session }, a) => session.setMapping(a),
  },
  mapDetails: {
    check: (a) => only(a, ['sheet']) && str(a['sheet'], 255),
    handle: ({ session }, a) => session.edits.mapDetails(a),
  },
  setHeaderRow: {
    check: (a) => only(a, ['sheet', 'row']) && str(a['sheet'], 255) && int(a['row'], 1, 1_048_576),
    handle: ({ session }, a) => session.setHeaderRow(a),
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
