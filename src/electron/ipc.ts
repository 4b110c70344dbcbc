/**
 * The bridge over Electron IPC, main side: one ipcMain.handle per call. Every handler first checks
 * that the sender frame is our own renderer, then validates the payload, then forwards the call to
 * the engine process. File paths belong to main: the open and save dialogs run here, and the
 * renderer only ever holds opaque file refs. Replies are { result } or { error } envelopes so the
 * renderer gets the message without Electron's "Error invoking remote method" wrapping.
 */
import { copyFile } from 'node:fs/promises';
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import {
  BRIDGE_CALLS,
  callChannel,
  type BridgeCall,
  type BridgeErrorBody,
  type CredentialsInput,
  type FileRef,
  type SaveCredentialsResult,
} from '../shared/bridge.ts';
import { checkArgs } from '../app/bridge-calls.ts';
import { errorBody, SessionError } from '../app/session-error.ts';
import { isTrustedFrameUrl } from './security.ts';

/** The engine process as main sees it (engine-client.ts). */
export interface EngineLink {
  call(name: BridgeCall | 'registerFile' | 'exportFile', args: unknown): Promise<unknown>;
}

export interface IpcDeps {
  engine: EngineLink;
  /** Shows the open dialog; resolves the chosen path or null. */
  chooseOpenPath(): Promise<string | null>;
  /** Shows the save dialog for a suggested name; resolves the chosen path or null. */
  chooseSavePath(suggestedName: string): Promise<string | null>;
  /**
   * Encrypts and keeps credentials with safeStorage (credentials.ts); main merges the entered
   * values over what it saved before, so blank fields keep their saved secret.
   */
  storeCredentials(entered: CredentialsInput): Promise<void>;
}

export type IpcReply = { result: unknown } | BridgeErrorBody;

/** Handles one call from one sender; never throws (errors become { error }). */
export async function handleCall(
  deps: IpcDeps,
  call: BridgeCall,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  rawArgs: unknown,
): Promise<IpcReply> {
  try {
    if (!isTrustedFrameUrl(event.senderFrame?.url))
      throw new SessionError('Refused: the request did not come from the app window.');
    const args = checkArgs(call, rawArgs);
    if (call === 'pickFile') {
      const path = await deps.chooseOpenPath();
      return { result: path ? ((await deps.engine.call('registerFile', { path })) as FileRef) : null };
    }
    if (call === 'saveExport') {
      const { id } = args as { id: string };
      const file = (await deps.engine.call('exportFile', { id })) as { path: string; name: string } | null;
      if (!file) throw new SessionError('That export is no longer available: export again.');
      const target = await deps.chooseSavePath(file.name);
      if (!target) return { result: { saved: false } };
      await copyFile(file.path, target);
      return { result: { saved: true } };
    }
    if (call === 'saveCredentials') {
      // The engine checks them first (https, complete groups); only usable credentials are kept.
      const result = (await deps.engine.call(call, args)) as SaveCredentialsResult;
      try {
        await deps.storeCredentials((args as { credentials: CredentialsInput }).credentials);
        return { result: { ...result, stored: 'keychain' } };
      } catch (err) {
        const note = err instanceof Error ? err.message : 'They could not be saved.';
        return { result: { ...result, stored: 'session', note } };
      }
    }
    return { result: (await deps.engine.call(call, args)) ?? null };
  } catch (err) {
    return errorBody(err);
  }
}

/** Registers a handler for every bridge call. */
export function setupIpc(deps: IpcDeps): void {
  for (const call of BRIDGE_CALLS) {
    ipcMain.handle(callChannel(call), (event, args: unknown) => handleCall(deps, call, event, args));
  }
}
