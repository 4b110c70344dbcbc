/**
 * Plan for DID Bindings rows: find the target PBX (one this workbook creates, or an existing one),
 * check its firmware binds DIDs (FACTS 1.8.O), resolve the trunk and DIDs, and the custom SIP
 * headers the row sends (seeds/004).
 */
import { FIRMWARE_GATES, supports } from '../../../api/firmware.ts';
import type { CustomSipHeaderBinding } from '../../../api/index.ts';
import type { Lookups } from '../../engine/lookups.ts';
import { errorOn, type PlannedRow } from '../../engine/planned.ts';
import { resolveTarget, str, type WorkbookPbxs } from '../../engine/resolve-target.ts';
import { resolveTrunkAndDids } from '../../engine/resolve-trunk.ts';
import { DidTrunkUnknownError, keptDidTrunks } from './did-trunks.ts';
import {
  SIP_HEADERS_KEEP,
  SIP_HEADERS_NONE,
  SIP_HEADERS_SYNTAX,
  parseSipHeaders,
} from '../../schema/sip-headers.ts';
import { columnName } from '../../validate/messages.ts';
import type { DidAction } from './action.ts';

export async function resolveDid(
  row: PlannedRow,
  lookups: Lookups,
  workbook: WorkbookPbxs,
): Promise<DidAction | undefined> {
  const mode = (str(row.record.values['mode']) ?? 'add') as DidAction['mode'];
  // The trunk and DIDs are still checked when the PBX is not found or cannot bind DIDs: every
  // problem of the row is said at once (GETs only; no request is built).
  const alsoTrunk = async (): Promise<undefined> => {
    if (mode !== 'remove-all') await resolveTrunkAndDids(row, lookups, undefined);
    return undefined;
  };
  const target = await resolveTarget(row, lookups, workbook);
  if (!target) return alsoTrunk();
  const version =
    'existing' in target ? String(target.existing.version ?? '') : firmwareOf(workbook, target.workbook);
  if (version && !supports(version, 'didBinding')) {
    errorOn(
      row.report,
      undefined,
      `DID binding needs PBX firmware ${FIRMWARE_GATES.didBinding} or later; this PBX runs ${version}.`,
    );
    return alsoTrunk();
  }
  const headers = resolveSipHeaders(row, version);
  if (headers === false) return undefined;
  const sipHeaders = headers ? { sipHeaders: headers } : {};
  // Nothing to resolve: the PBX's bindings are replaced by none (run-time: an empty list).
  if (mode === 'remove-all') return { type: 'did', target, mode, trunkId: 0, didIds: [], ...sipHeaders };
  const targetId = 'existing' in target ? target.existing.cloudPbxId : undefined;
  const resolved = await resolveTrunkAndDids(
    row,
    lookups,
    targetId,
    mode !== 'remove' && 'existing' in target,
  );
  if (!resolved) return undefined;
  if ('existing' in target && mode !== 'replace') {
    // The bindings this row keeps must each have one known trunk (did-trunks.ts); the run checks
    // again on fresh reads, since earlier rows of the run may change them.
    const pbxId = target.existing.cloudPbxId;
    const listed = new Set(resolved.didIds);
    const kept = (await lookups.assignedDids(pbxId)).filter((id) => !listed.has(id));
    try {
      await keptDidTrunks(
        kept,
        (id) => lookups.didById(id),
        () => lookups.assignedTrunks(pbxId),
      );
    } catch (error) {
      if (!(error instanceof DidTrunkUnknownError)) throw error;
      errorOn(row.report, undefined, error.message.replace(/ Nothing was sent\.$/, ''));
      return undefined;
    }
  }
  return { type: 'did', target, mode, ...resolved, ...sipHeaders };
}

/**
 * The custom SIP headers a DID row sends (seeds/004): the row's list, or undefined to leave the
 * field out; false (with an error on the row) when the row cannot be run safely. On firmware
 * 84.22.0.134+ (or unknown firmware) the PUT's list replaces every header of the PBX and the
 * current ones cannot be read (FACTS 1.8.W, NOT FOUND), so the row must say what to send: never
 * a silent wipe.
 */
function resolveSipHeaders(row: PlannedRow, version: string): CustomSipHeaderBinding[] | undefined | false {
  const col = columnName('did', 'customSipHeadersBindings', row.record.headers);
  const cell = str(row.record.values['customSipHeadersBindings']);
  const parsed = cell === undefined ? undefined : parseSipHeaders(cell);
  if (parsed && 'error' in parsed) return false; // validate reported it
  const effective = version === '' || supports(version, 'customSipHeaders');
  if (!parsed) {
    if (!effective) return undefined;
    errorOn(
      row.report,
      col,
      `${version ? `This PBX runs firmware ${version}` : 'The firmware of this PBX is not known'}: on ${FIRMWARE_GATES.customSipHeaders} or later a DID binding replaces all its custom SIP headers with the list it sends (seeds/004), and YCM offers no way to read the current ones first. Fill '${col}' with the complete list (${SIP_HEADERS_SYNTAX}), write '${SIP_HEADERS_KEEP}' to leave them out of the request (assumed to keep them), or '${SIP_HEADERS_NONE}' to remove them all.`,
    );
    return false;
  }
  if (parsed.keep) return undefined;
  if (!effective) {
    errorOn(
      row.report,
      col,
      `Custom SIP headers take effect on firmware ${FIRMWARE_GATES.customSipHeaders} or later (seeds/004); this PBX runs ${version}. Clear '${col}' or write '${SIP_HEADERS_KEEP}'.`,
    );
    return false;
  }
  return parsed.bindings;
}

function firmwareOf(workbook: WorkbookPbxs, key: string): string {
  for (const row of workbook.bySubDomain.values()) {
    if (row.key === key && row.action?.type === 'pbx') return row.action.firmware;
  }
  return '';
}
