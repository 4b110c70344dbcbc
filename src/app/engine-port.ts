/**
 * Plan and run for the UI, bound to the engine's planWorkbook/runWorkbook. The engine module is
 * not in this build yet, so this returns undefined and the session answers plan/run with a clear
 * "not available" message.
 */
import type { EnginePort } from './ports.ts';

export function enginePort(): EnginePort | undefined {
  return undefined;
}
