// The secrets both security suites feed in (security.test.ts: the CLI against the sandbox;
// security-app.test.ts: browser mode and the app) and the workbook that holds them.
import { EXAMPLE_ROWS } from '../../src/core/templates/sample-rows.ts';
import { writeTemplate } from '../../src/core/templates/make-template.ts';

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
export const ADMIN_PASSWORD = 'Zq7-Adm!n-Pw-Kx9';
/** Breaks the password rules (4 consecutive digits), so the row is invalid: errors must not echo it. */
export const BAD_PASSWORD = 'Leak-9876-Pw-Qz';
const API_KEY = 'kz-apikey-5f1e9c0b7d2a4e68';
export const CLIENT_SECRETS = ['sandbox-ycm-secret', 'sandbox-pp-secret', 'sandbox-myreports-token'];
export const SECRETS = [ADMIN_PASSWORD, BAD_PASSWORD, API_KEY, ...CLIENT_SECRETS];

/** A PBX row of the sample with its admin password set to `password`. */
function pbxRow(sub: string, password: string): Record<string, string> {
  const base = { ...(EXAMPLE_ROWS.pbx[0] ?? {}) };
  delete base['dids'];
  return {
    ...base,
    name: `Sec ${sub}`,
    subDomain: sub,
    [`${ADMIN}.newPassword`]: password,
    [`${ADMIN}.confirmPassword`]: password,
  };
}

/**
 * The input with every secret in it: two PBXs with ADMIN_PASSWORD, one whose BAD_PASSWORD breaks
 * the rules, and a MyReports profile with API_KEY.
 */
export async function writeSecretsWorkbook(file: string): Promise<void> {
  const profile = { ...(EXAMPLE_ROWS.myreports[0] ?? {}), apiKey: API_KEY, accountId: 'f'.repeat(32) };
  await writeTemplate(file, ['pbx', 'myreports'], {
    pbx: [pbxRow('secone', ADMIN_PASSWORD), pbxRow('sectwo', ADMIN_PASSWORD), pbxRow('secbad', BAD_PASSWORD)],
    did: [],
    expansion: [],
    myreports: [profile],
  });
}
