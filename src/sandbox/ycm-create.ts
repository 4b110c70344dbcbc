/**
 * Validation of Create a Cloud PBX (FACTS 1.8.A, 1.8.A.1, seeds/000) and of DID relations
 * (FACTS 1.8.O). Every rule rejects with the YCM failure envelope; nothing is stored on rejection.
 */
import { compareVersions } from '../api/firmware.ts';
import type { Assumptions } from './assumptions.ts';
import { planIdOf } from './fixtures.ts';
import type { Pbx, SandboxState, TrunkDidRelation } from './state.ts';
import { boolOf, checkQuota, enumOf, fail, intOf, isRecord, strOf, TOGGLE } from './ycm-helpers.ts';
import { PROMPT_LANGUAGES, TONE_REGIONS } from './ycm-values.ts';
import { boundElsewhere } from './ycm-routes.ts';

/** FACTS 1.8.O: DID binding needs PBX firmware 84.19.0.22 or later. */
export const DID_BINDING_MIN_FIRMWARE = '84.19.0.22';

/** FACTS 1.8.A.1: ≥ 6 chars, upper and lower case, no `@`. */
export function usernameProblem(u: string): string | null {
  if (u.length < 6) return 'username must have at least 6 characters';
  if (!/[A-Z]/.test(u) || !/[a-z]/.test(u)) return 'username must contain upper-case and lower-case letters';
  if (u.includes('@')) return 'username must not contain @';
  return null;
}

/** FACTS 1.8.A.1: ≥ 10 chars, upper, lower, digit; no 4 repeated or 4 consecutive digits. */
export function passwordProblem(p: string): string | null {
  if (p.length < 10) return 'newPassword must have at least 10 characters';
  if (!/[A-Z]/.test(p) || !/[a-z]/.test(p) || !/\d/.test(p))
    return 'newPassword must contain upper-case, lower-case letters and digits';
  for (const run of p.match(/\d{4,}/g) ?? []) {
    for (let i = 0; i + 4 <= run.length; i++) {
      const d = [...run.slice(i, i + 4)].map(Number) as [number, number, number, number];
      const steps = [d[1] - d[0], d[2] - d[1], d[3] - d[2]];
      if (steps.every((s) => s === 0)) return 'newPassword must not contain 4 repeated digits';
      if (steps.every((s) => s === 1) || steps.every((s) => s === -1))
        return 'newPassword must not contain 4 consecutive digits';
    }
  }
  return null;
}

function sub(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = obj[key];
  return isRecord(v) ? v : fail(`cloudPbxInitialConfigRequest.${key} is required`);
}

function validateInitialConfig(v: unknown): void {
  if (v === undefined || v === null) return;
  if (!isRecord(v)) fail('cloudPbxInitialConfigRequest must be an object');
  const adm = sub(v, 'administratorSettings');
  const username = strOf(adm['username'], 'username') as string;
  const pw = strOf(adm['newPassword'], 'newPassword') as string;
  const uProblem = usernameProblem(username);
  if (uProblem) fail(uProblem);
  const pProblem = passwordProblem(pw);
  if (pProblem) fail(pProblem);
  if (adm['confirmPassword'] !== pw) fail('confirmPassword must equal newPassword');
  const email = strOf(adm['emailAddress'], 'emailAddress') as string;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) fail('emailAddress is not a valid email address');
  const event = enumOf(adm['enableEventNotify'], 'enableEventNotify', TOGGLE, false);
  const mailNotify = enumOf(adm['enableEmailNotify'], 'enableEmailNotify', TOGGLE, false);
  const mobileNotify = enumOf(adm['enableMobileNotify'], 'enableMobileNotify', TOGGLE, false);
  const mobile = strOf(adm['mobileNumber'], 'mobileNumber', mobileNotify === 'Enabled');
  if (mobile !== undefined && mobile.length > 31) fail('mobileNumber must have at most 31 characters');
  if (event === 'Enabled') {
    strOf(adm['contactName'], 'contactName');
    const levels = (strOf(adm['notificationLevel'], 'notificationLevel') as string)
      .split(' ')
      .filter(Boolean);
    if (levels.length === 0 || levels.some((l) => !['error', 'warn', 'info'].includes(l)))
      fail('notificationLevel must be space-separated error, warn, info');
    if (!mailNotify && !mobileNotify)
      fail('enableEmailNotify or enableMobileNotify is required when enableEventNotify is Enabled');
  }
  const dt = sub(v, 'dateAndTimeSettings');
  strOf(dt['timeZone'], 'timeZone'); // value list not retrieved (FACTS 1.9): shape only
  enumOf(dt['enableDst'], 'enableDst', TOGGLE);
  enumOf(dt['dateFormat'], 'dateFormat', ['yyyy/mm/dd', 'mm/dd/yyyy', 'dd/mm/yyyy']);
  enumOf(dt['timeFormat'], 'timeFormat', ['12-hour', '24-hour']);
  const loc = sub(v, 'localization');
  enumOf(loc['systemPromptLanguage'], 'systemPromptLanguage', PROMPT_LANGUAGES);
  strOf(loc['emailLanguage'], 'emailLanguage');
  strOf(loc['deviceName'], 'deviceName');
  enumOf(loc['nameDisplayFormat'], 'nameDisplayFormat', ['first_last', 'last_first', 'lastfirst']);
  enumOf(loc['toneRegion'], 'toneRegion', TONE_REGIONS);
  const cc = enumOf(loc['enbCountryCode'], 'enbCountryCode', TOGGLE);
  strOf(loc['dialCode'], 'dialCode', cc === 'Enabled');
}

/** Validates trunk/DID relations for a PBX in `regionId`; returns them normalised (empty = clear). */
export function validateRelations(
  a: Assumptions,
  state: SandboxState,
  raw: unknown,
  regionId: number,
  pbxId?: number,
): TrunkDidRelation[] {
  if (!Array.isArray(raw)) fail('trunkDidRelations must be an array');
  const bound = boundElsewhere(state, pbxId);
  const seen = new Set<number>();
  const out: TrunkDidRelation[] = [];
  for (const [i, rel] of raw.entries()) {
    if (!isRecord(rel)) fail(`trunkDidRelations[${i}] must be an object`);
    if (rel['trunkId'] === undefined && rel['didIds'] === undefined) continue; // FACTS 1.8.O example 2: clear all
    const trunkId = intOf(a, rel['trunkId'], `trunkDidRelations[${i}].trunkId`) as number;
    const trunk =
      state.ycm.trunks.find((t) => t.id === trunkId) ??
      fail(`shared trunk ${trunkId} not found`, a.unknownReference);
    if (trunk.regionId !== regionId)
      fail(`shared trunk ${trunkId} is not in the PBX's region`, a.didNotUsable);
    if (!Array.isArray(rel['didIds']) || rel['didIds'].length === 0)
      fail(`trunkDidRelations[${i}].didIds is required`);
    const didIds = rel['didIds'].map((d, j) => intOf(a, d, `trunkDidRelations[${i}].didIds[${j}]`) as number);
    for (const id of didIds) {
      const did = state.ycm.dids.find((d) => d.id === id) ?? fail(`DID ${id} not found`, a.unknownReference);
      if (!did.trunkIds.includes(trunkId)) fail(`DID ${did.did} is not on trunk ${trunkId}`, a.didNotUsable);
      const owner = bound.get(id);
      if (owner !== undefined) fail(`DID ${did.did} is already bound to cloud PBX ${owner}`, a.didNotUsable);
      if (seen.has(id)) fail(`DID ${did.did} is listed twice`);
      seen.add(id);
    }
    out.push({ trunkId, didIds });
  }
  return out;
}

/** True when the firmware version supports DID binding. */
export function supportsDidBinding(state: SandboxState, versionId: number): boolean {
  const v = state.ycm.firmwares.find((f) => f.versionId === versionId)?.version ?? '0';
  return compareVersions(v, DID_BINDING_MIN_FIRMWARE) >= 0;
}

/** Validates a create body against the state and returns the PBX to store (without ids). */
export function validateCreate(
  a: Assumptions,
  state: SandboxState,
  body: unknown,
  nowSec: number,
): Omit<Pbx, 'cloudPbxId' | 'sn'> {
  const b = isRecord(body) ? body : fail('body must be a JSON object');
  const name = strOf(b['name'], 'name') as string;
  const plan = enumOf(b['plan'], 'plan', ['Enterprise Plan', 'Ultimate Plan']) as string;
  const ext = intOf(a, b['extensionCapacity'], 'extensionCapacity') as number;
  const calls = intOf(a, b['concurrentCallCapacity'], 'concurrentCallCapacity') as number;
  const recordingStatus = enumOf(b['recordingStatus'], 'recordingStatus', TOGGLE) as string;
  const rec = intOf(a, b['recordingCapacity'], 'recordingCapacity') as number;
  const transcription = intOf(a, b['transcriptionCapacity'], 'transcriptionCapacity', false) ?? 0;
  if (ext < 1 || ext > a.maxExtensionsPerPbx)
    fail(`extensionCapacity must be between 1 and ${a.maxExtensionsPerPbx}`);
  if (calls < 1) fail('concurrentCallCapacity must be at least 1');
  if (rec < 0 || transcription < 0) fail('recordingCapacity and transcriptionCapacity must not be negative');
  const regionId = intOf(a, b['regionId'], 'regionId') as number;
  if (!state.ycm.regions.some((r) => r.regionId === regionId))
    fail(`region ${regionId} not found`, a.unknownReference);
  const subDomain = strOf(b['subDomain'], 'subDomain') as string;
  if (!/^[A-Za-z0-9-]+$/.test(subDomain)) fail('subDomain may contain only letters, digits and hyphens');
  const domainId = intOf(a, b['domainId'], 'domainId') as number;
  const domain =
    state.ycm.domains.find((d) => d.domainId === domainId) ??
    fail(`domain ${domainId} not found`, a.unknownReference);
  if (domain.regionId !== regionId) fail(`domain ${domain.domain} does not belong to region ${regionId}`);
  if (
    state.ycm.pbxs.some(
      (p) => p.domainId === domainId && p.subDomain.toLowerCase() === subDomain.toLowerCase(),
    )
  ) {
    fail(`subDomain ${subDomain} is already used on ${domain.domain}`, a.subDomainTaken);
  }
  const versionId = intOf(a, b['versionId'], 'versionId') as number;
  const fw =
    state.ycm.firmwares.find((f) => f.versionId === versionId) ??
    fail(`firmware ${versionId} not found`, a.unknownReference);
  if (!fw.regionIds.includes(regionId)) fail(`firmware ${fw.version} is not available in region ${regionId}`);
  const type = enumOf(b['type'], 'type', ['Trial', 'Commercial']) as string;
  const expirationDate = intOf(a, b['expirationDate'], 'expirationDate', false);
  const allowRun = boolOf(a, b['allowRunAfterExpirationDate'], 'allowRunAfterExpirationDate');
  if (expirationDate !== undefined && allowRun === undefined)
    fail('allowRunAfterExpirationDate is required when expirationDate is set');
  if (!Array.isArray(b['customerIds']) || b['customerIds'].length === 0) fail('customerIds is required');
  const customerIds = b['customerIds'].map((c, i) => intOf(a, c, `customerIds[${i}]`) as number);
  for (const id of customerIds)
    if (!state.ycm.customers.some((c) => c.customerId === id))
      fail(`customer ${id} not found`, a.unknownReference);
  const settings: Record<string, string> = {};
  for (const key of ['upgradeInPbx', 'im', 'passwordlessLogin', 'allowSuperiorPasswordlessLogin'] as const)
    settings[key] = enumOf(b[key], key, TOGGLE) as string;
  for (const key of ['pbxApi', 'provisioningViaTemplate', 'trunkConfigurationAccess'] as const) {
    const v = enumOf(b[key], key, TOGGLE, false);
    if (v) settings[key] = v;
  }
  // Seeds/000 sends the string "true" (the table says Boolean): both forms are taken, whatever
  // `coerceScalarStrings` says, as the seed's own request must never be refused.
  const auto = b['autoActivated'];
  if (auto !== 'true' && auto !== 'false') boolOf(a, auto, 'autoActivated');
  const templateId = intOf(a, b['provisionTemplateId'], 'provisionTemplateId', false);
  if (templateId !== undefined && !state.ycm.templates.some((t) => t.provisioningTemplateId === templateId))
    fail(`provisioning template ${templateId} not found`, a.unknownReference);
  validateInitialConfig(b['cloudPbxInitialConfigRequest']);
  let relations: TrunkDidRelation[] = [];
  if (b['trunkDidRelations'] !== undefined && b['trunkDidRelations'] !== null) {
    relations = validateRelations(a, state, b['trunkDidRelations'], regionId);
    if (relations.length > 0 && !supportsDidBinding(state, versionId)) {
      if (a.createDidOnOldFirmware === 'reject')
        fail(
          `trunkDidRelations needs firmware ${DID_BINDING_MIN_FIRMWARE} or later (PBX firmware ${fw.version})`,
          a.firmwareTooOld,
        );
      relations = [];
    }
  }
  checkQuota(a, state, { extensions: ext, concurrentCalls: calls, recordings: rec });
  const pbx: Omit<Pbx, 'cloudPbxId' | 'sn'> = {
    name,
    plan,
    planId: planIdOf(plan),
    billingCycle: a.ycmCreatedBillingCycle,
    extensionCapacity: ext,
    concurrentCallCapacity: calls,
    recordingStatus,
    recordingCapacity: rec,
    transcriptionCapacity: transcription,
    regionId,
    domainId,
    subDomain,
    versionId,
    type,
    customerIds,
    trunkDidRelations: relations,
    settings,
    pbxStatus: 'Running', // ycm-status.ts startPbx: a new PBX starts first
    activationStatus:
      b['autoActivated'] === true || b['autoActivated'] === 'true' ? 'Activated' : 'Unactivated',
    createTime: nowSec,
    planExpirationDate: expirationDate ?? nowSec + 365 * 86400,
  };
  if (expirationDate !== undefined) pbx.expirationDate = expirationDate;
  if (allowRun !== undefined) pbx.allowRunAfterExpirationDate = allowRun;
  if (templateId !== undefined) pbx.provisionTemplateId = templateId;
  return pbx;
}
