/**
 * Test helpers: a real sandbox on loopback per test file and clients pointed at it. Backoff is
 * shortened so retry tests stay quick; nothing else differs from production wiring.
 */
import { MyReportsClient, PpClient, YcmClient, sandboxTargets } from '../../src/api/index.ts';
import type { PacingOptions } from '../../src/api/index.ts';
import { startSandbox } from '../../src/sandbox/server.ts';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/server.ts';

export const FAST_PACING: PacingOptions = {
  backoff: { baseMs: 10, capMs: 100, maxAttempts: 8 },
  bucket: { burst: 10_000, rate: 10_000, intervalSeconds: 1 },
};

export interface ClientExtras {
  pacing?: PacingOptions;
  refreshFraction?: number;
  now?: () => number;
}

/** Starts a sandbox; the caller closes it. */
export function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, ...options });
}

/** A YCM client on the sandbox with the demo credentials. */
export function ycmClient(sb: Sandbox, extras: ClientExtras = {}): YcmClient {
  const target = sandboxTargets(sb).ycm;
  if (!target) throw new Error('sandbox has no YCM target');
  return new YcmClient({ ...target, pacing: FAST_PACING, ...extras });
}

/** A Partner Portal client on the sandbox with the demo credentials. */
export function ppClient(sb: Sandbox, extras: ClientExtras = {}): PpClient {
  const target = sandboxTargets(sb).pp;
  if (!target) throw new Error('sandbox has no PP target');
  return new PpClient({ ...target, pacing: FAST_PACING, ...extras });
}

/** A MyReports client on the sandbox with the demo token and account. */
export function myreportsClient(
  sb: Sandbox,
  extras: { token?: string; pacing?: PacingOptions } = {},
): MyReportsClient {
  const target = sandboxTargets(sb).myreports;
  if (!target) throw new Error('sandbox has no MyReports target');
  return new MyReportsClient({
    ...target,
    pacing: extras.pacing ?? FAST_PACING,
    ...(extras.token ? { token: extras.token } : {}),
  });
}

/** Requests the sandbox received for `METHOD /path-pattern`. */
export function hits(sb: Sandbox, endpoint: string): number {
  return sb.stats().byEndpoint[endpoint] ?? 0;
}

export const TOKEN_ENDPOINT = 'POST /dm/open_api/oauth/token';
export const ADMIN_PASSWORD = 'Str0ngPass9x';

/** A valid Create a Cloud PBX body (FACTS 1.8.A) on region 1 / domain 11 / firmware 701. */
export function pbxBody(subDomain: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `PBX ${subDomain}`,
    plan: 'Enterprise Plan',
    extensionCapacity: 20,
    concurrentCallCapacity: 5,
    recordingStatus: 'Enabled',
    recordingCapacity: 500,
    regionId: 1,
    subDomain,
    domainId: 11,
    versionId: 701,
    type: 'Commercial',
    customerIds: [50001],
    upgradeInPbx: 'Enabled',
    im: 'Enabled',
    passwordlessLogin: 'Disabled',
    allowSuperiorPasswordlessLogin: 'Disabled',
    cloudPbxInitialConfigRequest: {
      administratorSettings: {
        username: 'AdminUser',
        newPassword: ADMIN_PASSWORD,
        confirmPassword: ADMIN_PASSWORD,
        emailAddress: 'admin@acme.example',
      },
      dateAndTimeSettings: {
        timeZone: 'UTC-5 America/New_York',
        enableDst: 'Enabled',
        dateFormat: 'mm/dd/yyyy',
        timeFormat: '12-hour',
      },
      localization: {
        systemPromptLanguage: 'sound-en',
        emailLanguage: 'en',
        deviceName: 'Acme PBX',
        nameDisplayFormat: 'first_last',
        toneRegion: 'us',
        enbCountryCode: 'Disabled',
      },
    },
    ...overrides,
  };
}
