/**
 * Custom SIP header bindings of a cloud PBX (seeds/004 `customSipHeadersBindings`): the PUT's list
 * "will completely overwrite all existing custom SIP headers", takes effect only on firmware
 * 84.22.0.134+, and a binding counts only for a trunk of the same request's trunkDidRelations.
 * What happens when the field is absent is not documented (assumption
 * `didPutWithoutSipHeaders`); reading the current headers is NOT FOUND, so the sandbox keeps them
 * in its state only (tests read them from the snapshot).
 */
import type { Assumptions } from './assumptions.ts';
import { compareVersions } from '../api/firmware.ts';
import type { CustomSipHeader, Pbx, SandboxState, TrunkDidRelation } from './state.ts';
import { fail, intOf, isRecord } from './ycm-helpers.ts';

export const CUSTOM_SIP_HEADERS_MIN_FIRMWARE = '84.22.0.134';

/** Applies a DID-binding PUT's `customSipHeadersBindings` (or its absence) to the PBX. */
export function applySipHeaders(
  a: Assumptions,
  state: SandboxState,
  pbx: Pbx,
  raw: unknown,
  relations: readonly TrunkDidRelation[],
): void {
  const version = state.ycm.firmwares.find((f) => f.versionId === pbx.versionId)?.version ?? '0';
  // seeds/004: "only takes effect when the firmware of Cloud PBX is 84.22.0.134 or later".
  if (compareVersions(version, CUSTOM_SIP_HEADERS_MIN_FIRMWARE) < 0) return;
  if (raw === undefined) {
    if (a.didPutWithoutSipHeaders === 'clear') pbx.customSipHeadersBindings = [];
    return;
  }
  if (!Array.isArray(raw)) fail('customSipHeadersBindings must be an array');
  const trunks = new Set(relations.map((r) => r.trunkId));
  const list: CustomSipHeader[] = raw.map((item, i) => {
    if (!isRecord(item)) fail(`customSipHeadersBindings[${i}] must be an object`);
    const trunkId = intOf(a, item['trunkId'], `customSipHeadersBindings[${i}].trunkId`) as number;
    const headerId = intOf(a, item['headerId'], `customSipHeadersBindings[${i}].headerId`) as number;
    const value = item['value'];
    if (typeof value !== 'string') fail(`customSipHeadersBindings[${i}].value must be a string`);
    return { trunkId, headerId, value };
  });
  // "The provided list will completely overwrite all existing custom SIP headers"; a binding on a
  // trunk outside trunkDidRelations does not take effect.
  pbx.customSipHeadersBindings = list.filter((h) => trunks.has(h.trunkId));
}
