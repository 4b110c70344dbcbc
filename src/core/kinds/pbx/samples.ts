/**
 * The PBX rows of the blank templates (valid but for their example marker) and of the
 * shipped sample, which name the sandbox's fixture data so it runs without credentials.
 */
import type { TemplateRows } from '../kind-module.ts';
import { EXAMPLE_MARKERS } from '../../schema/example-markers.ts';

type Row = Record<string, string>;

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
const DATE = 'cloudPbxInitialConfigRequest.dateAndTimeSettings';
const LOCAL = 'cloudPbxInitialConfigRequest.localization';

function pbx(n: number, name: string, sub: string, extra: Row = {}): Row {
  return {
    name,
    plan: 'Enterprise Plan',
    extensionCapacity: '20',
    concurrentCallCapacity: '5',
    recordingStatus: 'Disabled',
    recordingCapacity: '0',
    region: 'US East (Virginia)',
    subDomain: sub,
    domain: 'yeastarcloud.com',
    firmware: '84.21.0.70',
    type: 'Commercial',
    customerEmails: 'alice@acme.example',
    trunk: 'US_Register_A1B2C3',
    dids: `+120255501${String(n).padStart(2, '0')}`,
    upgradeInPbx: 'Disabled',
    im: 'Enabled',
    passwordlessLogin: 'Disabled',
    allowSuperiorPasswordlessLogin: 'Disabled',
    [`${ADMIN}.username`]: `${name.replace(/[^A-Za-z]/g, '')}Admin`,
    [`${ADMIN}.newPassword`]: 'Sandbox-Pass7x9q',
    [`${ADMIN}.confirmPassword`]: 'Sandbox-Pass7x9q',
    [`${ADMIN}.emailAddress`]: `it@${sub}.example`,
    [`${DATE}.timeZone`]: 'UTC-5 America/New_York',
    [`${DATE}.enableDst`]: 'Enabled',
    [`${DATE}.dateFormat`]: 'mm/dd/yyyy',
    [`${DATE}.timeFormat`]: '12-hour',
    [`${LOCAL}.systemPromptLanguage`]: 'sound-en',
    [`${LOCAL}.emailLanguage`]: 'en',
    [`${LOCAL}.deviceName`]: `${name} PBX`,
    [`${LOCAL}.nameDisplayFormat`]: 'first_last',
    [`${LOCAL}.toneRegion`]: 'us',
    [`${LOCAL}.enbCountryCode`]: 'Disabled',
    ...extra,
  };
}

export const PBX_ROWS: TemplateRows = {
  example: [pbx(1, 'Acme Ltd', EXAMPLE_MARKERS.subDomain)],
  sample: [
    pbx(1, 'Acme Ltd', 'acme'),
    pbx(2, 'Globex Corp', 'globex', { customerEmails: 'bob@globex.example' }),
    // Mistake: the password has 4 consecutive digits (1234).
    pbx(3, 'Initech', 'initech', {
      [`${ADMIN}.newPassword`]: 'Initech-1234x',
      [`${ADMIN}.confirmPassword`]: 'Initech-1234x',
    }),
    // Mistake: plan written in the wrong case.
    pbx(4, 'Umbrella Co', 'umbrella', { plan: 'enterprise plan' }),
    pbx(5, 'Hooli', 'hooli', { extensionCapacity: '50', concurrentCallCapacity: '10' }),
  ],
};
