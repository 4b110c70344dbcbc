// What both halves of the order tests share (orders.test.ts: the portal decides the outcome;
// orders-once.test.ts: exactly once): the order row, a fast settle window, the journal outcomes.
import { readFileSync } from 'node:fs';
import type { Row } from './engine-helpers.ts';

/** An order of 7 extensions for the sandbox's existing PBX, billed monthly. */
export const ORDER: Row = {
  'pbx.subDomain': 'existingco',
  method: 'order',
  addExtensions: '7',
  billingCycle: 'monthly',
};
export const RECORDING: Row = { ...ORDER, addExtensions: '', addRecordingMinutes: '100' };
export const FAST_SETTLE = { settleMs: 300, settleIntervalMs: 50 };

/** The `step:outcome` of every end record in a journal, in order. */
export function outcomes(journalFile: string): string[] {
  return readFileSync(journalFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { t: string; step?: string; outcome?: string })
    .flatMap((e) => (e.t === 'end' ? [`${e.step ?? ''}:${e.outcome ?? ''}`] : []));
}
