/**
 * The PBX sheet's initial configuration columns: the whole cloudPbxInitialConfigRequest of Create
 * a Cloud PBX (FACTS 1.8.A.1), administrator, date and time, and localization settings.
 */
import { ENABLED_DISABLED, type FieldDef } from '../../schema/field.ts';

/** FACTS 1.9: complete lists (tone-regions.json, prompt-languages.json). */
export const TONE_REGIONS =
  'us us-old ar au at be br bg cl cn cz dk ee fi fr de gr hk hu in il it kr jp lt my mx nl nz no pa ph pl pt ro ru sr sg za es se ch tw th tr uk ve'.split(
    ' ',
  );
export const PROMPT_LANGUAGES =
  'sound-ar sound-cz sound-de sound-en sound-en_BR sound-es sound-es_LT sound-fa sound-fr sound-gr sound-hr sound-id sound-it sound-iw sound-nl sound-pl sound-pt sound-pt_BR sound-ro sound-ru sound-sk sound-sl sound-sr sound-th sound-tr sound-zh sound-zh_hk'.split(
    ' ',
  );

export const toggle = (
  path: string,
  label: string,
  required: boolean,
  help: string,
  extra: Partial<FieldDef> = {},
): FieldDef => ({
  path,
  label,
  type: 'string',
  enum: ENABLED_DISABLED,
  required,
  help: `Enabled or Disabled (exact case). ${help}`,
  example: 'Disabled',
  ...extra,
});

const ADMIN = 'cloudPbxInitialConfigRequest.administratorSettings';
const DATE = 'cloudPbxInitialConfigRequest.dateAndTimeSettings';
const LOCAL = 'cloudPbxInitialConfigRequest.localization';

export const INITIAL_CONFIG_FIELDS: FieldDef[] = [
  {
    path: `${ADMIN}.username`,
    label: 'Admin username',
    type: 'string',
    help: 'At least 6 characters, upper- and lower-case letters, no @.',
    example: 'AcmeAdmin',
  },
  {
    path: `${ADMIN}.newPassword`,
    label: 'Admin password',
    aliases: ['password', 'new password'],
    type: 'string',
    secret: true,
    help: 'At least 10 characters with upper case, lower case and digits; no 4 repeated digits (1111) and no 4 consecutive digits (1234, 4321).',
  },
  {
    path: `${ADMIN}.confirmPassword`,
    label: 'Confirm password',
    aliases: ['admin confirm password'],
    type: 'string',
    secret: true,
    help: 'The same as the admin password.',
  },
  {
    path: `${ADMIN}.emailAddress`,
    label: 'Admin email',
    aliases: ['administrator email'],
    type: 'string',
    pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    patternHelp: 'write a valid email address',
    help: "Super administrator's email.",
    example: 'it@acme.example',
  },
  {
    path: `${ADMIN}.prefix`,
    label: 'Admin mobile prefix',
    type: 'string',
    help: 'Dialing prefix for calls to the admin mobile.',
    digits: true,
  },
  {
    path: `${ADMIN}.mobileNumber`,
    label: 'Admin mobile',
    aliases: ['mobile number'],
    type: 'string',
    maxLength: 31,
    help: 'Required when mobile notification is Enabled; at most 31 characters.',
    digits: true,
  },
  toggle(
    `${ADMIN}.enableEventNotify`,
    'Event notification',
    false,
    'Needs contact name, level and email or mobile notification.',
  ),
  {
    path: `${ADMIN}.contactName`,
    label: 'Notify contact name',
    type: 'string',
    help: 'Required when event notification is Enabled.',
  },
  {
    path: `${ADMIN}.notificationLevel`,
    label: 'Notify level',
    type: 'string',
    pattern: '^(error|warn|info)( (error|warn|info))*$',
    patternHelp: 'use error, warn and/or info separated by spaces, e.g. "error warn"',
    help: 'error, warn, info, space-separated; required when event notification is Enabled.',
  },
  toggle(
    `${ADMIN}.enableEmailNotify`,
    'Email notification',
    false,
    'With event notification, email or mobile is required.',
  ),
  toggle(`${ADMIN}.enableMobileNotify`, 'Mobile notification', false, 'Needs the admin mobile.'),
  {
    path: `${DATE}.timeZone`,
    label: 'Time zone',
    type: 'string',
    help: 'Time zone as YCM writes it, e.g. "UTC+8 Asia/Shanghai" (the full list is not published; checked for shape).',
    example: 'UTC-5 America/New_York',
  },
  toggle(`${DATE}.enableDst`, 'Daylight saving', false, 'Daylight saving time.'),
  {
    path: `${DATE}.dateFormat`,
    label: 'Date format',
    type: 'string',
    enum: ['yyyy/mm/dd', 'mm/dd/yyyy', 'dd/mm/yyyy'],
    help: 'yyyy/mm/dd, mm/dd/yyyy or dd/mm/yyyy.',
    example: 'mm/dd/yyyy',
  },
  {
    path: `${DATE}.timeFormat`,
    label: 'Time format',
    type: 'string',
    enum: ['12-hour', '24-hour'],
    help: '12-hour or 24-hour.',
    example: '12-hour',
  },
  {
    path: `${LOCAL}.systemPromptLanguage`,
    label: 'Prompt language',
    aliases: ['system prompt language'],
    type: 'string',
    enum: PROMPT_LANGUAGES,
    help: 'System prompt language code, e.g. sound-en.',
    example: 'sound-en',
  },
  {
    path: `${LOCAL}.emailLanguage`,
    label: 'Email language',
    type: 'string',
    help: 'Notification email language code, e.g. en (list not published; checked for shape).',
    example: 'en',
  },
  {
    path: `${LOCAL}.deviceName`,
    label: 'Device name',
    type: 'string',
    help: 'Device name of the PBX.',
    example: 'Acme PBX',
  },
  {
    path: `${LOCAL}.nameDisplayFormat`,
    label: 'Name display format',
    type: 'string',
    enum: ['first_last', 'last_first', 'lastfirst'],
    help: 'first_last, last_first or lastfirst.',
    example: 'first_last',
  },
  {
    path: `${LOCAL}.toneRegion`,
    label: 'Tone region',
    type: 'string',
    enum: TONE_REGIONS,
    help: 'Tone region code, e.g. us, uk, de.',
    example: 'us',
  },
  toggle(
    `${LOCAL}.enbCountryCode`,
    'Restrict international',
    false,
    'Restrict international calls; needs a dial code.',
  ),
  {
    path: `${LOCAL}.dialCode`,
    label: 'International dial code',
    aliases: ['dial code'],
    type: 'string',
    help: 'Prefix that marks an international call; required when international calls are restricted.',
    digits: true,
  },
];
