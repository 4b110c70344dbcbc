/**
 * Firmware gates (FACTS 1.8.A, 1.8.O and seeds/004): the minimum PBX firmware for each feature.
 */
export const FIRMWARE_GATES = {
  didBinding: '84.19.0.22',
  im: '84.12.0.32',
  customSipHeaders: '84.22.0.134',
  autoActivated: '84.21.0.66',
  trunkConfigurationAccess: '84.21.0.66',
  transcription: '84.19.0.110',
} as const;

export type FirmwareFeature = keyof typeof FIRMWARE_GATES;

/** Compares dotted numeric versions (84.19.0.22 < 84.19.0.110). Non-numeric parts compare as 0. */
const CMP = new Map<string, number>();
export function compareVersions(a: string, b: string): number {
  const key = a + '|' + b;
  let r = CMP.get(key);
  if (r === undefined) {
    r = compareVersionsRaw(a, b);
    if (CMP.size < 1000) CMP.set(key, r);
  }
  return r;
}
function compareVersionsRaw(a: string, b: string): number {
  const pa = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** True when `version` is at least the feature's minimum firmware. */
export function supports(version: string, feature: FirmwareFeature): boolean {
  return compareVersions(version, FIRMWARE_GATES[feature]) >= 0;
}
