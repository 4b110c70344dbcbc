/**
 * Picks the transport: the Electron preload's `window.pbxBulk` when present, else browser-mode
 * HTTP. Everything else in the renderer talks to `bridge` and is typed by src/shared/bridge.ts.
 */
import type { Bridge } from '../../src/shared/bridge.ts';
import { createHttpBridge, uploadBlob } from './http-bridge.ts';

declare global {
  interface Window {
    pbxBulk?: Bridge;
  }
}

export const isElectron = window.pbxBulk !== undefined;
export const bridge: Bridge = window.pbxBulk ?? createHttpBridge();

/** Hands a picked or dropped file to the engine side; returns the ref the session knows it by. */
export async function sendFile(file: File): ReturnType<Bridge['uploadFile']> {
  // Browser mode posts the File itself, so the page never holds (or copies) the bytes.
  if (!isElectron) return uploadBlob(file.name, file);
  return bridge.uploadFile({ name: file.name, data: new Uint8Array(await file.arrayBuffer()) });
}
