/**
 * The preload: exposes the bridge's named verbs on window.pbxBulk with contextBridge, and nothing
 * else (no ipcRenderer, no generic invoke). A sandboxed preload can require only 'electron' (no
 * file of ours, and the build does not bundle), so it cannot iterate BRIDGE_CALLS: it imports types
 * alone, lists the verbs once (`Bridge` makes a missing or unknown verb a type error) and spells the
 * channel names as src/shared/bridge.ts does. test/electron/preload.test.ts runs it against the
 * contract: every call exposed once, each on its own channel.
 */
import type { Bridge, BridgeCall, BridgeEvent, BridgeErrorBody } from '../shared/bridge.ts' with {
  'resolution-mode': 'import',
};
import type * as ElectronApi from 'electron';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { contextBridge, ipcRenderer } = require('electron') as typeof ElectronApi;

async function invoke(call: BridgeCall, args: unknown): Promise<never> {
  const reply = (await ipcRenderer.invoke(`pbx:call:${call}`, args)) as { result: never } | BridgeErrorBody;
  if ('error' in reply) throw new Error(reply.error.message);
  return reply.result;
}

const api: Bridge = {
  getTargets: (a) => invoke('getTargets', a),
  testConnection: (a) => invoke('testConnection', a),
  testCredentials: (a) => invoke('testCredentials', a),
  saveCredentials: (a) => invoke('saveCredentials', a),
  selectTarget: (a) => invoke('selectTarget', a),
  pickFile: (a) => invoke('pickFile', a),
  uploadFile: (a) => invoke('uploadFile', a),
  openSheet: (a) => invoke('openSheet', a),
  getRows: (a) => invoke('getRows', a),
  updateCell: (a) => invoke('updateCell', a),
  editCells: (a) => invoke('editCells', a),
  fillDown: (a) => invoke('fillDown', a),
  fixColumn: (a) => invoke('fixColumn', a),
  replaceAll: (a) => invoke('replaceAll', a),
  undoEdit: (a) => invoke('undoEdit', a),
  redoEdit: (a) => invoke('redoEdit', a),
  getHistory: (a) => invoke('getHistory', a),
  exportCorrected: (a) => invoke('exportCorrected', a),
  setMapping: (a) => invoke('setMapping', a),
  mapDetails: (a) => invoke('mapDetails', a),
  setHeaderRow: (a) => invoke('setHeaderRow', a),
  listFields: (a) => invoke('listFields', a),
  validate: (a) => invoke('validate', a),
  plan: (a) => invoke('plan', a),
  getPlanRows: (a) => invoke('getPlanRows', a),
  startRun: (a) => invoke('startRun', a),
  answerCanary: (a) => invoke('answerCanary', a),
  pauseRun: (a) => invoke('pauseRun', a),
  resumeRun: (a) => invoke('resumeRun', a),
  cancelRun: (a) => invoke('cancelRun', a),
  getRunStatus: (a) => invoke('getRunStatus', a),
  getReport: (a) => invoke('getReport', a),
  exportReport: (a) => invoke('exportReport', a),
  saveExport: (a) => invoke('saveExport', a),
  listRecentRuns: (a) => invoke('listRecentRuns', a),
  openRun: (a) => invoke('openRun', a),
  getRunView: (a) => invoke('getRunView', a),
  getWorkbook: (a) => invoke('getWorkbook', a),
  getResultRows: (a) => invoke('getResultRows', a),
  exportAccount: (a) => invoke('exportAccount', a),
  reconcile: (a) => invoke('reconcile', a),
  on: (event: BridgeEvent, listener: (payload: never) => void) => {
    const wrapped = (_e: ElectronApi.IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(`pbx:event:${event}`, wrapped);
    return () => ipcRenderer.removeListener(`pbx:event:${event}`, wrapped);
  },
};

contextBridge.exposeInMainWorld('pbxBulk', api);
