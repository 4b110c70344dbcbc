/** Messages between main and the engine utilityProcess (structured-clone safe). */
import type { BridgeCall, BridgeEvent } from '../shared/bridge.ts';

export type HostCall = BridgeCall | 'registerFile' | 'exportFile';

export type HostRequest =
  | { type: 'init'; env: Record<string, string | undefined>; workDir: string }
  | { type: 'call'; id: number; call: HostCall; args: unknown }
  /** Stop a run as Cancel does, wait for its journal and report, then answer. */
  | { type: 'shutdown'; id: number };

export type HostReply =
  | { type: 'reply'; id: number; result: unknown }
  | { type: 'reply'; id: number; error: { name: string; message: string } }
  | { type: 'event'; event: BridgeEvent; payload: unknown };
