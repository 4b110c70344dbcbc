/** The MyReports sheet (seeds/002, FACTS 3.4.3 and 3.5). */
import type { KindCatalogue } from '../../schema/field.ts';

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
      // FACTS 3.5 says only "URI": http:// is accepted, with a warning (rules.ts).
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
