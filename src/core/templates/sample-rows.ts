/**
 * Example rows for the templates and the shipped sample workbook. They name the sandbox's fixture
 * data (regions, domains, firmware, customers, trunks, DIDs) so a new user can validate, plan and
 * run the sample end to end without credentials. The sample has deliberate mistakes to fix.
 */
import type { SheetKind } from '../../shared/types.ts';
import { EXAMPLE_MARKERS } from '../schema/example-markers.ts';

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

/** One example row per kind (the blank templates): valid but for its example marker. */
/** One example row per kind (a kind without one gets a template with headers only). */
export const EXAMPLE_ROWS = {
  pbx: [pbx(1, 'Acme Ltd', EXAMPLE_MARKERS.subDomain)],
  did: [
    {
      'pbx.subDomain': EXAMPLE_MARKERS.subDomain,
      trunk: 'US_Register_A1B2C3',
      dids: '+12025550111, +12025550112',
      mode: 'add',
    },
  ],
  expansion: [
    { 'pbx.subDomain': EXAMPLE_MARKERS.subDomain, method: 'order', addExtensions: '10', billingCycle: 'monthly' },
  ],
  myreports: [
    {
      customer: 'Acme Ltd',
      _type: 'KazooPbxConnectionProfile',
      name: 'Acme Kazoo',
      hostRest: 'https://rest.kazoo.example',
      hostWebsocket: 'wss://ws.kazoo.example',
      accountId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      apiKey: EXAMPLE_MARKERS.apiKey,
      countryCode: 'US',
    },
  ],
} satisfies Partial<Record<SheetKind, Row[]>>;

/** The shipped sample: mostly valid, with three mistakes a user fixes in the grid. */
export const SAMPLE_ROWS = {
  pbx: [
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
  did: [
    { 'pbx.subDomain': 'acme', trunk: 'US_Register_A1B2C3', dids: '+12025550111; +12025550112', mode: 'add' },
    { 'pbx.subDomain': 'globex', trunk: 'US_Register_A1B2C3', dids: '+12025550113', mode: 'add' },
  ],
  expansion: [
    { 'pbx.subDomain': 'hooli', method: 'order', addExtensions: '10', billingCycle: 'monthly' },
    { 'pbx.subDomain': 'acme', method: 'resize', recordingStatus: 'Enabled', recordingCapacity: '300' },
  ],
  myreports: [{ ...EXAMPLE_ROWS.myreports[0], apiKey: 'sandbox-kazoo-api-key' }],
} satisfies Partial<Record<SheetKind, Row[]>>;
