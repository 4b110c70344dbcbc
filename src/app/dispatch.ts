/**
 * Routes one bridge call to the session, after validating its payload. Transports supply the two
 * calls only they can answer (pickFile: a native dialog; saveExport: a save dialog or a download).
 */
import type { BridgeCall, BridgeCallMap } from '../shared/bridge.ts';
import { checkArgs } from './call-args.ts';
import type { Session } from './session.ts';

export interface TransportCalls {
  pickFile: () => Promise<BridgeCallMap['pickFile']['result']>;
  saveExport: (id: string) => Promise<BridgeCallMap['saveExport']['result']>;
}

/** Validates `rawArgs` for `call` and runs it. Throws SessionError for bad input or state. */
export async function dispatchCall(
  session: Session,
  transport: TransportCalls,
  call: BridgeCall,
  rawArgs: unknown,
): Promise<unknown> {
  const args = checkArgs(call, rawArgs);
  const a = args as BridgeCallMap[typeof call]['args'] & Record<string, never>;
  switch (call) {
    case 'getTargets':
      return session.getTargets();
    case 'testConnection':
      return session.testConnection(a as BridgeCallMap['testConnection']['args']);
    case 'testCredentials':
      return session.testCredentials(a as BridgeCallMap['testCredentials']['args']);
    case 'saveCredentials':
      return session.saveCredentials(a as BridgeCallMap['saveCredentials']['args']);
    case 'selectTarget':
      return session.selectTarget(a as BridgeCallMap['selectTarget']['args']);
    case 'pickFile':
      return transport.pickFile();
    case 'uploadFile':
      return session.uploadFile(a as BridgeCallMap['uploadFile']['args']);
    case 'openSheet':
      return session.openSheet(a as BridgeCallMap['openSheet']['args']);
    case 'getRows':
      return session.getRows(a as BridgeCallMap['getRows']['args']);
    case 'updateCell':
      return session.updateCell(a as BridgeCallMap['updateCell']['args']);
    case 'setMapping':
      return session.setMapping(a as BridgeCallMap['setMapping']['args']);
    case 'listFields':
      return session.listFields(a as BridgeCallMap['listFields']['args']);
    case 'validate':
      return session.validate();
    case 'plan':
      return session.run.plan();
    case 'startRun':
      return session.run.start(a as BridgeCallMap['startRun']['args']);
    case 'answerCanary':
      return session.run.answerCanary((a as BridgeCallMap['answerCanary']['args']).proceed);
    case 'pauseRun':
      return session.run.pause();
    case 'resumeRun':
      return session.run.resume();
    case 'cancelRun':
      return session.run.cancel();
    case 'getRunStatus':
      return session.run.status();
    case 'getReport':
      return session.getReport();
    case 'exportReport':
      return session.exportReport(a as BridgeCallMap['exportReport']['args']);
    case 'saveExport':
      return transport.saveExport((a as BridgeCallMap['saveExport']['args']).id);
    case 'listRecentRuns':
      return session.run.listRecent();
    case 'openRun':
      return session.openRun(a as BridgeCallMap['openRun']['args']);
  }
}
