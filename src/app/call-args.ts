/**
 * Payload validation for every bridge call, shared by the Electron IPC handlers and the HTTP
 * server: a renderer (or a page pretending to be one) is never trusted with shapes or sizes.
 */
import type { BridgeCall, BridgeCallMap } from '../shared/bridge.ts';
import { BRIDGE_CALLS, CREDENTIAL_NAMES } from '../shared/bridge.ts';
import { SessionError } from './session-error.ts';

type Checker = (a: Record<string, unknown>) => boolean;

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

const CHECKS: Record<BridgeCall, Checker> = {
  getTargets: none,
  testConnection: (a) => only(a, ['target']) && str(a['target'], 100),
  testCredentials: credentials,
  saveCredentials: credentials,
  selectTarget: (a) => only(a, ['target']) && str(a['target'], 100),
  pickFile: none,
  uploadFile: (a) =>
    only(a, ['name', 'data']) &&
    str(a['name'], 255) &&
    a['data'] instanceof Uint8Array &&
    a['data'].byteLength <= MAX_UPLOAD,
  openSheet: (a) =>
    only(a, ['file']) && isObj(a['file']) && str(a['file']['id'], 100) && str(a['file']['name'], 255),
  getRows: (a) =>
    only(a, ['sheet', 'start', 'count', 'filter']) &&
    str(a['sheet'], 255) &&
    int(a['start']) &&
    int(a['count'], 0, 100_000) &&
    (a['filter'] === undefined || a['filter'] === 'all' || a['filter'] === 'errors'),
  updateCell: (a) =>
    only(a, ['sheet', 'index', 'col', 'text']) &&
    str(a['sheet'], 255) &&
    int(a['index']) &&
    int(a['col'], 0, 16_384) &&
    str(a['text'], MAX_TEXT),
  setMapping: (a) =>
    only(a, ['sheet', 'mapping']) &&
    str(a['sheet'], 255) &&
    isObj(a['mapping']) &&
    Object.values(a['mapping']).every((v) => v === null || str(v, 300)),
  listFields: (a) => only(a, ['sheet']) && str(a['sheet'], 255),
  validate: none,
  plan: none,
  startRun: (a) =>
    only(a, [
      'concurrency',
      'canary',
      'stopAfterConsecutiveFailures',
      'stopFailedPercent',
      'retry',
      'allowRepeatOrder',
    ]) &&
    optInt(a['concurrency'], 1, 64) &&
    optInt(a['canary'], 1, 1_000_000) &&
    optInt(a['stopAfterConsecutiveFailures'], 1, 1_000_000) &&
    optInt(a['stopFailedPercent'], 1, 100) &&
    (a['retry'] === undefined || typeof a['retry'] === 'boolean') &&
    (a['allowRepeatOrder'] === undefined || typeof a['allowRepeatOrder'] === 'boolean'),
  answerCanary: (a) => only(a, ['proceed']) && typeof a['proceed'] === 'boolean',
  pauseRun: none,
  resumeRun: none,
  cancelRun: none,
  getRunStatus: none,
  getReport: none,
  exportReport: (a) =>
    only(a, ['format']) && (a['format'] === 'xlsx' || a['format'] === 'csv' || a['format'] === 'json'),
  saveExport: (a) => only(a, ['id']) && str(a['id'], 100),
  listRecentRuns: none,
  openRun: (a) => only(a, ['runId']) && str(a['runId'], 100) && /^[\w-]+$/.test(String(a['runId'])),
};

export function isBridgeCall(name: string): name is BridgeCall {
  return (BRIDGE_CALLS as readonly string[]).includes(name);
}

/** Returns the arguments typed for `call`, or throws a SessionError naming the bad call. */
export function checkArgs<K extends BridgeCall>(call: K, args: unknown): BridgeCallMap[K]['args'] {
  const a = args === undefined || args === null ? {} : args;
  if (!isObj(a) || !CHECKS[call](a)) throw new SessionError(`Invalid arguments for '${call}'.`);
  return a as BridgeCallMap[K]['args'];
}
