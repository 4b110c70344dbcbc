/**
 * The small vocabulary the kinds' row rules (src/core/kinds/<kind>/rules.ts) are written in: read
 * a row's cells and values, add a message on a column, warn about a firmware-gated field, refuse
 * the template's example row.
 */
import { FIRMWARE_GATES, compareVersions } from '../../api/firmware.ts';
import type { RowMessage } from '../../shared/types.ts';
import type { FieldValue, RowRecord } from '../model.ts';
import { EXAMPLE_MARKERS } from '../schema/example-markers.ts';
import { columnName } from './messages.ts';

export const has = (r: RowRecord, path: string): boolean => r.fields[path] !== undefined;
export const value = (r: RowRecord, path: string): FieldValue | undefined => r.values[path];

export function add(r: RowRecord, path: string, level: RowMessage['level'], message: string): void {
  r.messages.push({ column: columnName(r.kind, path, r.headers), level, message });
}

// A sheet names a handful of firmware versions over thousands of rows: compare each pair once.
const OLDER = new Map<string, Map<string, boolean>>();
const MAX_REMEMBERED_FIRMWARES = 256;
function olderThan(firmware: string, min: string): boolean {
  let byMin = OLDER.get(min);
  if (!byMin) OLDER.set(min, (byMin = new Map()));
  let older = byMin.get(firmware);
  if (older === undefined) {
    older = compareVersions(firmware, min) < 0;
    if (byMin.size < MAX_REMEMBERED_FIRMWARES) byMin.set(firmware, older);
  }
  return older;
}

export function firmwareGate(
  r: RowRecord,
  path: string,
  feature: keyof typeof FIRMWARE_GATES,
  required = false,
): void {
  const min = FIRMWARE_GATES[feature];
  const firmware = value(r, 'firmware');
  // A warning, not an error, offline (issue 2: firmware-gated fields are flagged as warnings
  // until plan time): FACTS 1.8.A says these fields take effect from a firmware on, not that
  // the API refuses them before it; plan decides with the firmware the account really has.
  if (typeof firmware === 'string' && olderThan(firmware, min)) {
    add(
      r,
      path,
      'warning',
      `Needs PBX firmware ${min} or later; this row's firmware is ${firmware}, where it does not take effect. Choose newer firmware, or ${required ? "set it to 'Disabled'" : 'leave it empty'}.`,
    );
  } else if (typeof firmware !== 'string') {
    add(
      r,
      path,
      'warning',
      `Needs PBX firmware ${min} or later; checked against the firmware ID at plan time.`,
    );
  }
}

/**
 * The blank template's example row, left in above or below the real rows: refused, so a run never
 * creates the example's PBX (or binds DIDs to it, or expands it).
 */
export function refuseExampleSubdomain(r: RowRecord, path: string): void {
  const v = value(r, path);
  if (typeof v !== 'string' || v.toLowerCase() !== EXAMPLE_MARKERS.subDomain) return;
  add(
    r,
    path,
    'error',
    `This is '${EXAMPLE_MARKERS.subDomain}', the subdomain of the template's example PBX: delete the example row, or replace its values with your customer's.`,
  );
}
