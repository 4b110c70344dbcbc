/**
 * The DID Bindings (seeds/004, FACTS 1.8.O), Expansions (seeds/003 order, FACTS 2.4.9; or YCM
 * resize, FACTS 1.8.K) and MyReports (seeds/002, FACTS 3.4.3 and 3.5) sheets.
 */
import { ENABLED_DISABLED, type FieldDef, type KindCatalogue, type OneOfGroup } from './field.ts';

/** Any of these columns names the target PBX: one created in this workbook or an existing one. */
const PBX_REF: FieldDef[] = [
  {
    path: 'pbx.subDomain',
    label: 'PBX subdomain',
    aliases: ['subDomain', 'sub domain'],
    type: 'string',
    pattern: '^[A-Za-z0-9-]+$',
    patternHelp: 'use only letters, digits and hyphens (-)',
    help: 'Subdomain of the target PBX (in this workbook or existing).',
    example: 'acme',
  },
  {
    path: 'pbx.name',
    label: 'PBX name',
    aliases: ['pbxName'],
    type: 'string',
    help: 'Name of the target PBX.',
  },
  {
    path: 'pbx.cloudPbxId',
    label: 'Cloud PBX ID',
    aliases: ['cloudPbxId', 'pbx id'],
    type: 'integer',
    minimum: 1,
    help: 'ID of an existing Cloud PBX.',
    digits: true,
  },
  {
    path: 'pbx.url',
    label: 'PBX URL',
    aliases: ['url'],
    type: 'string',
    help: 'URL of an existing PBX, e.g. acme.yeastarcloud.com.',
  },
  {
    path: 'pbx.sn',
    label: 'PBX SN',
    aliases: ['sn', 'serial number', 'productNo'],
    type: 'string',
    help: 'Serial number of an existing PBX.',
    digits: true,
  },
];
const PBX_GROUP: OneOfGroup = { paths: PBX_REF.map((f) => f.path), label: 'target PBX', required: true };

export const DID_CATALOGUE: KindCatalogue = {
  fields: [
    ...PBX_REF,
    {
      path: 'trunkId',
      label: 'Trunk ID',
      type: 'integer',
      minimum: 1,
      help: 'Shared trunk ID; or give the trunk name.',
      digits: true,
    },
    {
      path: 'trunk',
      label: 'Trunk',
      aliases: ['trunk name', 'shared trunk'],
      type: 'string',
      help: 'Shared trunk name.',
      example: 'US_Register_A1B2C3',
    },
    {
      path: 'dids',
      label: 'DIDs',
      aliases: ['did numbers', 'did'],
      type: 'stringList',
      pattern: '^\\+?[0-9]{3,20}$',
      patternHelp: 'write the number as digits with an optional leading +, e.g. +12025550101',
      help: 'DID numbers separated by commas, semicolons or new lines.',
      example: '+12025550102',
      digits: true,
    },
    {
      path: 'didIds',
      label: 'DID IDs',
      type: 'integerList',
      help: 'DID IDs instead of numbers.',
      digits: true,
    },
    {
      path: 'mode',
      label: 'Mode',
      type: 'string',
      enum: ['add', 'replace', 'remove', 'remove-all'],
      help: 'add (default: keep current bindings and add these), replace (bind exactly these), remove (unbind these), remove-all (unbind every DID of the PBX; no trunk or DIDs).',
      example: 'add',
    },
    {
      // seeds/004: the PUT's list replaces every custom SIP header (firmware 84.22.0.134+), and
      // how to read the current ones is NOT FOUND (FACTS 1.8.W): the row says what to send.
      path: 'customSipHeadersBindings',
      label: 'Custom SIP headers',
      aliases: ['custom sip header bindings', 'sip headers'],
      type: 'string',
      help: "Firmware 84.22.0.134+ (required there): the PBX's complete list of custom SIP headers, trunkId:headerId=value separated by ';' (quote a value holding ';'). YCM replaces all of them with this list and they cannot be read first. 'unchanged' leaves them out of the request; 'none' removes them all.",
      example: 'unchanged',
    },
  ],
  groups: [
    PBX_GROUP,
    { paths: ['trunkId', 'trunk'], label: 'trunk', required: true },
    { paths: ['dids', 'didIds'], label: 'DIDs', required: true },
  ],
};

export const EXPANSION_CATALOGUE: KindCatalogue = {
  fields: [
    ...PBX_REF,
    {
      path: 'method',
      label: 'Method',
      type: 'string',
      enum: ['order', 'resize'],
      help: 'order (Partner Portal purchase_service, billed; default) or resize (YCM capacity change).',
      example: 'order',
    },
    {
      path: 'addExtensions',
      label: 'Add extensions',
      aliases: ['extensions to add'],
      type: 'integer',
      minimum: 1,
      maximum: 495,
      help: 'Order: extensions to add; the PBX may not exceed 500.',
      example: '10',
    },
    {
      path: 'addRecordingMinutes',
      label: 'Add recording minutes',
      aliases: ['recording minutes to add'],
      type: 'integer',
      minimum: 1,
      help: 'Order: recording minutes to add.',
    },
    {
      path: 'billingCycle',
      label: 'Billing cycle',
      type: 'string',
      enum: ['monthly', 'annually'],
      help: "monthly or annually; must match the PBX's current cycle (it cannot change on expansion).",
    },
    {
      path: 'billingContactId',
      label: 'Billing contact ID',
      aliases: ['billingId'],
      type: 'string',
      pattern: '^[0-9]+$',
      patternHelp: 'write the contact ID as digits',
      help: 'Partner Portal billing contact; optional when the account has only one.',
      digits: true,
    },
    { path: 'poNumber', label: 'PO number', type: 'string', help: 'Your purchase-order number (optional).' },
    {
      path: 'extensionCapacity',
      label: 'New extensions',
      aliases: ['extension capacity'],
      type: 'integer',
      minimum: 1,
      maximum: 500,
      help: 'Resize: new total extensions (at most 500).',
    },
    {
      path: 'concurrentCallCapacity',
      label: 'New concurrent calls',
      aliases: ['concurrent call capacity'],
      type: 'integer',
      minimum: 1,
      help: 'Resize: new total concurrent calls.',
    },
    {
      path: 'recordingStatus',
      label: 'Recording',
      type: 'string',
      enum: ENABLED_DISABLED,
      help: 'Resize: Enabled or Disabled.',
    },
    {
      path: 'recordingCapacity',
      label: 'New recording minutes',
      aliases: ['recording capacity'],
      type: 'integer',
      minimum: 0,
      help: 'Resize: new total recording minutes; may never decrease.',
    },
    {
      path: 'transcriptionCapacity',
      label: 'New transcription minutes',
      type: 'integer',
      minimum: 0,
      firmware: 'transcription',
      help: 'Resize: extra AI-transcription minutes (firmware 84.19.0.110+).',
    },
  ],
  groups: [PBX_GROUP],
};

const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** The MyReports fields each profile type sends (FACTS 3); the other type's are ignored. */
export const KAZOO_FIELDS: readonly string[] = [
  'hostRest',
  'hostWebsocket',
  'accountId',
  'apiKey',
  'monitorSubAccounts',
];
export const THREECX_FIELDS: readonly string[] = [
  'licenseKey',
  'username',
  'password',
  'enableRecordingArchive',
  'recordingArchiveFrequency',
];

export const MYREPORTS_CATALOGUE: KindCatalogue = {
  fields: [
    {
      path: 'customerId',
      label: 'MyReports customer ID',
      aliases: ['customer tenant id', 'tenantId'],
      type: 'string',
      pattern: GUID,
      patternHelp: 'write the tenant ID as a GUID (8-4-4-4-12 hex digits)',
      help: 'Customer tenant GUID; or give the customer name.',
    },
    {
      path: 'customer',
      label: 'MyReports customer',
      aliases: ['customer name'],
      type: 'string',
      help: 'Customer name in MyReports.',
      example: 'Acme Ltd',
    },
    {
      path: '_type',
      label: 'Profile type',
      aliases: ['type', 'profile'],
      type: 'string',
      enum: ['KazooPbxConnectionProfile', 'ThreeCxConnectionProfile'],
      required: true,
      help: 'KazooPbxConnectionProfile or ThreeCxConnectionProfile, exactly.',
      example: 'KazooPbxConnectionProfile',
    },
    {
      path: 'name',
      label: 'Profile name',
      type: 'string',
      required: true,
      help: 'Name of the connection profile.',
      example: 'Acme Kazoo',
    },
    {
      path: 'countryCode',
      label: 'Country code',
      type: 'string',
      pattern: '^[A-Z]{2}$',
      patternHelp: 'use the two-letter ISO code in capitals, e.g. US',
      help: 'ISO 3166 alpha-2 code, e.g. US.',
    },
    {
      path: 'hostRest',
      label: 'Kazoo REST URL',
      type: 'string',
      // FACTS 3.5 says only "URI": http:// is accepted, with a warning (validate-row.ts).
      pattern: '^https?://\\S+$',
      patternHelp: 'write an https:// URL',
      help: 'Kazoo: Crossbar REST API URL (https://; http:// sends the API key unencrypted).',
    },
    {
      path: 'hostWebsocket',
      label: 'Kazoo websocket URL',
      type: 'string',
      pattern: '^wss?://\\S+$',
      patternHelp: 'write a wss:// URL',
      help: 'Kazoo: Blackhole websocket URL (wss://; ws:// is unencrypted).',
    },
    {
      path: 'accountId',
      label: 'Kazoo account ID',
      type: 'string',
      pattern: '^[0-9A-Za-z-]+$',
      patternHelp: 'use letters, digits and hyphens only',
      help: 'Kazoo: account ID.',
    },
    {
      path: 'apiKey',
      label: 'Kazoo API key',
      type: 'string',
      secret: true,
      help: 'Kazoo: API key (never written to reports).',
    },
    {
      path: 'monitorSubAccounts',
      label: 'Monitor sub-accounts',
      type: 'boolean',
      help: 'Kazoo: TRUE for multi-branch customers; not for reseller top-level accounts.',
    },
    {
      path: 'licenseKey',
      label: '3CX licence key',
      aliases: ['license key'],
      type: 'string',
      secret: true,
      identifies: true,
      help: '3CX: licence key, required (never written to reports).',
    },
    { path: 'username', label: '3CX username', type: 'string', help: '3CX: username, required.' },
    {
      path: 'password',
      label: '3CX password',
      type: 'string',
      secret: true,
      help: '3CX: password, required (never written to reports).',
    },
    {
      path: 'enableRecordingArchive',
      label: '3CX recording archive',
      type: 'boolean',
      help: '3CX: TRUE to archive recordings (sent as the string "true"/"false", seeds/002).',
    },
    {
      path: 'recordingArchiveFrequency',
      label: '3CX archive frequency',
      type: 'string',
      pattern: '^[0-9]{2}:[0-5][0-9]:[0-5][0-9]$',
      patternHelp: 'write the interval as HH:MM:SS, e.g. 00:20:00',
      help: '3CX: archive interval as HH:MM:SS, e.g. 00:20:00 (seeds/002).',
    },
    {
      path: 'enable',
      label: 'Enable collection',
      aliases: ['enabled'],
      type: 'boolean',
      help: 'TRUE to start data collection after creating (restarts the collector).',
    },
    {
      path: 'pbx.subDomain',
      label: 'PBX subdomain',
      type: 'string',
      help: 'Optional: the PBX of this workbook the profile belongs to (runs after it).',
    },
  ],
  groups: [{ paths: ['customerId', 'customer'], label: 'MyReports customer', required: true }],
};
