/**
 * The bridge's handler map against the contract: one entry (check and handler) per call, each
 * call reaching the session method it always did, and bad names or payloads refused before any
 * handler runs.
 */
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_HANDLERS,
  checkArgs,
  dispatchCall,
  isBridgeCall,
  type TransportCalls,
} from '../../src/app/bridge-calls.ts';
import { SessionError } from '../../src/app/session-error.ts';
import type { Session } from '../../src/app/session.ts';
import { BRIDGE_CALLS, type BridgeCall } from '../../src/shared/bridge.ts';

/** Where each call went in the old per-call switch (behaviour unchanged). */
const ROUTES: Record<BridgeCall, string> = {
  getTargets: 'session.getTargets',
  testConnection: 'session.testConnection',
  testCredentials: 'session.testCredentials',
  saveCredentials: 'session.saveCredentials',
  selectTarget: 'session.selectTarget',
  pickFile: 'transport.pickFile',
  uploadFile: 'session.uploadFile',
  openSheet: 'session.openSheet',
  getRows: 'session.getRows',
  updateCell: 'session.updateCell',
  editCells: 'session.edits.editCells',
  fillDown: 'session.edits.fillDown',
  fixColumn: 'session.edits.fixColumn',
  replaceAll: 'session.edits.replaceAll',
  undoEdit: 'session.edits.undo',
  redoEdit: 'session.edits.redo',
  getHistory: 'session.edits.history',
  exportCorrected: 'session.exportCorrected',
  setMapping: 'session.setMapping',
  mapDetails: 'session.edits.mapDetails',
  setHeaderRow: 'session.setHeaderRow',
  listFields: 'session.listFields',
  validate: 'session.validate',
  plan: 'session.run.plan',
  getPlanRows: 'session.run.planRows',
  startRun: 'session.run.start',
  answerCanary: 'session.run.answerCanary',
  pauseRun: 'session.run.pause',
  resumeRun: 'session.run.resume',
  cancelRun: 'session.run.cancel',
  getRunStatus: 'session.run.status',
  getReport: 'session.getReport',
  exportReport: 'session.exportReport',
  saveExport: 'transport.saveExport',
  listRecentRuns: 'session.run.listRecent',
  openRun: 'session.openRun',
  getRunView: 'session.run.view',
  getWorkbook: 'session.getWorkbook',
  getResultRows: 'session.getResultRows',
  exportAccount: 'session.account.exportAccount',
  reconcile: 'session.account.reconcile',
};

/** A valid payload for every call. */
const VALID: Record<BridgeCall, unknown> = {
  getTargets: {},
  testConnection: { target: 'sandbox' },
  testCredentials: { credentials: { YCM_BASE_URL: 'https://ycm.example' } },
  saveCredentials: { credentials: { PP_CLIENT_ID: 'id' } },
  selectTarget: { target: 'sandbox' },
  pickFile: undefined,
  uploadFile: { name: 'a.csv', data: new Uint8Array(3) },
  openSheet: { file: { id: 'f1', name: 'a.csv' }, headerRows: { 'a.csv': 2 } },
  getRows: {
    sheet: 'PBX',
    start: 0,
    count: 50,
    filter: 'errors',
    sort: { col: -1, desc: false },
    search: 'a',
  },
  updateCell: { sheet: 'PBX', index: 2, col: 1, text: 'x' },
  editCells: { sheet: 'PBX', edits: [{ index: 0, col: 1, text: 'a' }], label: 'paste' },
  fillDown: { sheet: 'PBX', col: 1, indexes: [0, 1, 2] },
  fixColumn: { sheet: 'PBX', col: 1 },
  replaceAll: { sheet: 'PBX', find: 'a', replace: 'b', col: 2, matchCase: true },
  undoEdit: {},
  redoEdit: {},
  getHistory: {},
  exportCorrected: {},
  setMapping: { sheet: 'PBX', mapping: { Name: 'name', Other: null } },
  mapDetails: { sheet: 'PBX' },
  setHeaderRow: { sheet: 'PBX', row: 2 },
  listFields: { sheet: 'PBX' },
  validate: null,
  plan: {},
  getPlanRows: { start: 0, count: 50 },
  startRun: { concurrency: 4, canary: 5, retry: false, allowRepeatOrder: true },
  answerCanary: { proceed: true },
  pauseRun: {},
  resumeRun: {},
  cancelRun: {},
  getRunStatus: {},
  getReport: {},
  exportReport: { format: 'csv' },
  saveExport: { id: 'e1' },
  listRecentRuns: {},
  openRun: { runId: 'run-1' },
  getRunView: {},
  getWorkbook: {},
  getResultRows: { status: 'failed', start: 0, count: 100 },
  exportAccount: {},
  reconcile: {},
};

/** A session and transport that record which method was called with what. */
function recorder(): { session: Session; transport: TransportCalls; calls: Array<[string, unknown[]]> } {
  const calls: Array<[string, unknown[]]> = [];
  const fake = (prefix: string, nested: Record<string, unknown> = {}): Record<string, unknown> =>
    new Proxy(nested, {
      get: (target, name) =>
        typeof name === 'string' && name in target
          ? target[name]
          : (...args: unknown[]) => {
              calls.push([`${prefix}.${String(name)}`, args]);
              return Promise.resolve(`${prefix}.${String(name)}`);
            },
    });
  const session = fake('session', {
    run: fake('session.run'),
    edits: fake('session.edits'),
    account: fake('session.account'),
  }) as unknown as Session;
  const transport = fake('transport') as unknown as TransportCalls;
  return { session, transport, calls };
}

describe('bridge handler map', () => {
  it('has exactly one entry, with one check and one handler, per call in BridgeCallMap', () => {
    expect(Object.keys(BRIDGE_HANDLERS)).toEqual([...BRIDGE_CALLS]);
    expect(new Set(BRIDGE_CALLS).size).toBe(BRIDGE_CALLS.length);
    expect(Object.keys(ROUTES).sort()).toEqual([...BRIDGE_CALLS].sort());
    for (const call of BRIDGE_CALLS) {
      expect(Object.keys(BRIDGE_HANDLERS[call]).sort(), call).toEqual(['check', 'handle']);
      expect(typeof BRIDGE_HANDLERS[call].check, call).toBe('function');
      expect(typeof BRIDGE_HANDLERS[call].handle, call).toBe('function');
    }
  });

  it('routes every call to the same session or transport method as before', async () => {
    for (const call of BRIDGE_CALLS) {
      const { session, transport, calls } = recorder();
      await expect(dispatchCall(session, transport, call, VALID[call]), call).resolves.toBe(ROUTES[call]);
      expect(
        calls.map(([name]) => name),
        call,
      ).toEqual([ROUTES[call]]);
    }
  });

  it('passes the checked arguments on (answerCanary and saveExport unwrap theirs)', async () => {
    const { session, transport, calls } = recorder();
    await dispatchCall(session, transport, 'getRows', VALID.getRows);
    await dispatchCall(session, transport, 'answerCanary', { proceed: false });
    await dispatchCall(session, transport, 'saveExport', { id: 'e9' });
    await dispatchCall(session, transport, 'validate', undefined);
    expect(calls).toEqual([
      ['session.getRows', [VALID.getRows]],
      ['session.run.answerCanary', [false]],
      ['transport.saveExport', ['e9']],
      ['session.validate', []],
    ]);
  });

  it('knows no other call name, inherited ones included', () => {
    for (const name of ['nope', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'GETTARGETS', '']) {
      expect(isBridgeCall(name), name).toBe(false);
      expect(() => checkArgs(name as BridgeCall, {}), name).toThrow(SessionError);
    }
    for (const call of BRIDGE_CALLS) expect(isBridgeCall(call)).toBe(true);
  });

  it('refuses bad arguments before any handler runs', async () => {
    const bad: Array<[BridgeCall, unknown]> = [
      ['getTargets', { extra: 1 }],
      ['getTargets', []],
      ['getTargets', 'x'],
      ['testConnection', { target: 5 }],
      ['testCredentials', { credentials: { NOT_A_NAME: 'x' } }],
      ['saveCredentials', { credentials: { YCM_CLIENT_SECRET: 'x'.repeat(2001) } }],
      ['uploadFile', { name: 'a.csv', data: [1, 2, 3] }],
      ['openSheet', { file: { id: 'f1' } }],
      ['openSheet', { file: { id: 'f1', name: 'a.csv' }, headerRows: { 'a.csv': 0 } }],
      ['getRows', { sheet: 'PBX', start: -1, count: 50 }],
      ['getRows', { sheet: 'PBX', start: 0, count: 100_001 }],
      ['getRows', { sheet: 'PBX', start: 0, count: 5, filter: 'invalid' }],
      ['getRows', { sheet: 'PBX', start: 0, count: 5, sort: { col: -2, desc: false } }],
      ['editCells', { sheet: 'PBX', edits: [{ index: 0, col: 0, text: 5 }] }],
      ['fillDown', { sheet: 'PBX', col: 0, indexes: [-1] }],
      ['replaceAll', { sheet: 'PBX', find: 'a' }],
      ['setHeaderRow', { sheet: 'PBX', row: 0 }],
      ['updateCell', { sheet: 'PBX', index: 0, col: 16_385, text: '' }],
      ['updateCell', { sheet: 'PBX', index: 0, col: 0, text: 'x'.repeat(32_768) }],
      ['setMapping', { sheet: 'PBX', mapping: { a: 5 } }],
      ['startRun', { concurrency: 65 }],
      ['startRun', { stopFailedPercent: 0 }],
      ['startRun', { retry: 'yes' }],
      ['answerCanary', {}],
      ['exportReport', { format: 'pdf' }],
      ['saveExport', { id: 7 }],
      ['openRun', { runId: '../etc' }],
      ['getResultRows', { status: 'broken', start: 0, count: 10 }],
      ['getResultRows', { status: 'all', start: 0, count: 2001 }],
    ];
    for (const [call, args] of bad) {
      const { session, transport, calls } = recorder();
      await expect(dispatchCall(session, transport, call, args), call).rejects.toThrow(
        new SessionError(`Invalid arguments for '${call}'.`),
      );
      expect(calls, call).toEqual([]);
    }
  });
});
