/**
 * The columns by which a DID, expansion or MyReports row names the PBX it acts on: one created in
 * this workbook or an existing one. Shared by the kinds that act on a PBX.
 */
import type { FieldDef, OneOfGroup } from '../schema/field.ts';

/** Any of these columns names the target PBX: one created in this workbook or an existing one. */
export const PBX_REF: FieldDef[] = [
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
export const PBX_GROUP: OneOfGroup = {
  paths: PBX_REF.map((f) => f.path),
  label: 'target PBX',
  required: true,
};
