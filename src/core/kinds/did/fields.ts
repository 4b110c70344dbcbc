/** The DID Bindings sheet (seeds/004, FACTS 1.8.O). */
import type { KindCatalogue } from '../../schema/field.ts';
import { PBX_GROUP, PBX_REF } from '../pbx-ref.ts';

/** A row that removes every binding names its PBX only (the kind's `skipsGroup`). */
const REMOVE_ALL_NOTE = "Not with Mode 'remove-all'.";

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
    { paths: ['trunkId', 'trunk'], label: 'trunk', required: true, note: REMOVE_ALL_NOTE },
    { paths: ['dids', 'didIds'], label: 'DIDs', required: true, note: REMOVE_ALL_NOTE },
  ],
};
