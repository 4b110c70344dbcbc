/**
 * The PBX row's rules no schema can say alone: firmware gates (warnings offline, decided at plan
 * time), DIDs with their trunk, settings that only take effect with another, dates that cannot be
 * meant, and the template's example row.
 */
import type { RowRecord } from '../../model.ts';
import { add, firmwareGate, has, refuseExampleSubdomain, value } from '../../validate/rule-helpers.ts';
import { columnName } from '../../validate/messages.ts';
import { PBX_CATALOGUE } from './fields.ts';

const GATED_PBX_FIELDS = PBX_CATALOGUE.fields.filter((f) => f.firmware);

/** The PBX row's rules a schema cannot say (FACTS 1.8.A). */
export function pbxRules(r: RowRecord): void {
  for (const field of GATED_PBX_FIELDS) {
    if (!field.firmware || !has(r, field.path)) continue;
    const v = value(r, field.path);
    if (v === 'Disabled' || v === false || v === 0) continue; // off is accepted by every firmware
    firmwareGate(r, field.path, field.firmware, field.required === true);
  }
  const didPath = has(r, 'dids') ? 'dids' : has(r, 'didIds') ? 'didIds' : undefined;
  if (didPath) {
    firmwareGate(r, didPath, 'didBinding');
    if (!has(r, 'trunk') && !has(r, 'trunkId'))
      add(r, didPath, 'error', "DIDs need their trunk: fill 'Trunk' or 'Trunk ID'.");
  } else if (has(r, 'trunk') || has(r, 'trunkId')) {
    // Create sends a trunk only with its DIDs (trunkDidRelations, FACTS 1.8.A): alone it is dropped.
    add(
      r,
      has(r, 'trunk') ? 'trunk' : 'trunkId',
      'warning',
      'A trunk without DIDs is not sent: a PBX gets a shared trunk through the DIDs bound to it. Add the DIDs, or clear the trunk.',
    );
  }
  if (
    (has(r, 'provisionTemplateId') || has(r, 'provisionTemplate')) &&
    value(r, 'provisioningViaTemplate') !== 'Enabled'
  ) {
    add(
      r,
      has(r, 'provisionTemplate') ? 'provisionTemplate' : 'provisionTemplateId',
      'warning',
      `Has no effect unless '${columnName(r.kind, 'provisioningViaTemplate', r.headers)}' is Enabled.`,
    );
  }
  const admin = 'cloudPbxInitialConfigRequest.administratorSettings.';
  if (
    value(r, `${admin}enableEventNotify`) === 'Enabled' &&
    !has(r, `${admin}enableEmailNotify`) &&
    !has(r, `${admin}enableMobileNotify`)
  ) {
    add(
      r,
      `${admin}enableEmailNotify`,
      'error',
      'With event notification Enabled, set email notification or mobile notification.',
    );
  }
  pbxHints(r);
  refuseExampleSubdomain(r, 'subDomain');
}

/** Values that are accepted but do not do what the row likely means. */
function pbxHints(r: RowRecord): void {
  if (
    value(r, 'allowSuperiorPasswordlessLogin') === 'Enabled' &&
    value(r, 'passwordlessLogin') === 'Disabled'
  ) {
    add(
      r,
      'allowSuperiorPasswordlessLogin',
      'warning',
      'Has no effect while passwordless login is Disabled.',
    );
  }
  if (value(r, 'recordingStatus') === 'Enabled' && value(r, 'recordingCapacity') === 0) {
    add(
      r,
      'recordingCapacity',
      'warning',
      'Recording is Enabled but 0 minutes disables it; give the minutes.',
    );
  }
  checkExpiration(r);
  const tz = value(r, 'cloudPbxInitialConfigRequest.dateAndTimeSettings.timeZone');
  if (typeof tz === 'string' && !/^UTC[+-]?\d{0,2}(:\d{2})? \S+/.test(tz)) {
    add(
      r,
      'cloudPbxInitialConfigRequest.dateAndTimeSettings.timeZone',
      'warning',
      `'${tz}' does not look like YCM's time zones ("UTC+8 Asia/Shanghai"); the list is not published, so it is not rejected.`,
    );
  }
  const lang = value(r, 'cloudPbxInitialConfigRequest.localization.emailLanguage');
  if (typeof lang === 'string' && !/^[a-z]{2}([-_][A-Za-z]{2,4})?$/.test(lang)) {
    add(
      r,
      'cloudPbxInitialConfigRequest.localization.emailLanguage',
      'warning',
      `'${lang}' does not look like a language code such as en; the list is not published, so it is not rejected.`,
    );
  }
}

/** 2000-01-01: no Cloud PBX expires before it; an earlier date is a misread one (an Excel serial, a year). */
const EARLIEST_EXPIRATION = 946_684_800;

/**
 * The expiration date is not bounded by the API (FACTS 1.8.A), but one before 2000 is a value read
 * wrong, and one already past would expire the PBX as it is created.
 */
function checkExpiration(r: RowRecord): void {
  const at = value(r, 'expirationDate');
  if (typeof at !== 'number') return;
  const day = new Date(at * 1000).toISOString().slice(0, 10);
  if (at < EARLIEST_EXPIRATION) {
    add(
      r,
      'expirationDate',
      'error',
      `${day} cannot be meant: check the cell's date (a 1904-based workbook, or a number that is not a date?) and write it as 2027-12-31.`,
    );
  } else if (at * 1000 < Date.now()) {
    add(
      r,
      'expirationDate',
      'warning',
      `${day} is already past: the PBX would expire as soon as it is created.`,
    );
  }
}
