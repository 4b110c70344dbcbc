import { parseVendorJson, stringifyVendorJson } from '../../src/api/json.ts';
import type { Sandbox } from '../../src/sandbox/server.ts';

export const UA = { 'User-Agent': 'pbx-bulk-test' };

/** Requests a YCM token pair with the demo credentials. */
export async function ycmTokens(
  sb: Sandbox,
): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  const res = await fetch(`${sb.ycmBaseUrl}/dm/open_api/oauth/token`, {
    method: 'POST',
    headers: { ...UA, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sb.credentials.ycm.clientId,
      client_secret: sb.credentials.ycm.clientSecret,
    }),
  });
  return (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

export interface JsonReply {
  status: number;
  body: Record<string, unknown>;
  text: string;
  headers: Headers;
}

/** Sends a JSON request and returns status, parsed body (or {} when empty) and headers. */
export async function call(
  url: string,
  init: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonReply> {
  const headers: Record<string, string> = { ...UA, ...init.headers };
  if (init.token) headers['Authorization'] = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const req: RequestInit = { method: init.method ?? 'GET', headers };
  if (init.body !== undefined)
    req.body = typeof init.body === 'string' ? init.body : stringifyVendorJson(init.body);
  const res = await fetch(url, req);
  const text = await res.text();
  return {
    status: res.status,
    // Lossless, as the clients read: ids above 2^53 come back as bigint with every digit.
    body: text ? (parseVendorJson(text) as Record<string, unknown>) : {},
    text,
    headers: res.headers,
  };
}

/** A YCM client bound to one sandbox and token. */
export function ycmClient(sb: Sandbox, token: string) {
  return (method: string, path: string, body?: unknown) =>
    call(`${sb.ycmBaseUrl}/dm/open_api${path}`, { method, token, body });
}

/** A Create a Cloud PBX body that passes every rule (FACTS 1.8.A, seeds/000 adapted to the fixtures). */
export function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Acme HQ',
    plan: 'Enterprise Plan',
    extensionCapacity: 20,
    concurrentCallCapacity: 10,
    recordingStatus: 'Enabled',
    recordingCapacity: 500,
    transcriptionCapacity: 0,
    regionId: 1,
    subDomain: 'acme-hq',
    domainId: 11,
    type: 'Commercial',
    expirationDate: 1967059200,
    allowRunAfterExpirationDate: false,
    versionId: 701,
    customerIds: [50001],
    upgradeInPbx: 'Enabled',
    im: 'Enabled',
    pbxApi: 'Enabled',
    passwordlessLogin: 'Enabled',
    allowSuperiorPasswordlessLogin: 'Enabled',
    provisioningViaTemplate: 'Enabled',
    provisionTemplateId: 306,
    autoActivated: 'true',
    cloudPbxInitialConfigRequest: {
      administratorSettings: {
        username: 'PBXadmin1',
        newPassword: 'Yeastar202',
        confirmPassword: 'Yeastar202',
        emailAddress: 'admin@acme.example',
        enableEventNotify: 'Enabled',
        contactName: 'Admin',
        notificationLevel: 'warn info error',
        enableEmailNotify: 'Enabled',
      },
      dateAndTimeSettings: {
        timeZone: 'UTC+8 Asia/Shanghai',
        enableDst: 'Enabled',
        dateFormat: 'yyyy/mm/dd',
        timeFormat: '24-hour',
      },
      localization: {
        systemPromptLanguage: 'sound-en',
        emailLanguage: 'en',
        deviceName: 'Acme',
        nameDisplayFormat: 'first_last',
        toneRegion: 'us',
        enbCountryCode: 'Enabled',
        dialCode: '00',
      },
    },
    ...overrides,
  };
}
