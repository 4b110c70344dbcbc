/** The PBX sheet: one Cloud PBX created per row (FACTS 1.8.A, seeds/000). */
import { keyOf } from '../../engine/lookups.ts';
import { runPbxStep } from './step.ts';
import type { KindModule } from '../kind-module.ts';
import { PBX_ROWS } from './samples.ts';
import type { PbxAction } from './action.ts';
import { adoptInterrupted } from './adopt.ts';
import { PBX_CATALOGUE } from './fields.ts';
import { resolvePbx } from './resolve.ts';
import { pbxRules } from './rules.ts';
import { addPbxRules } from './schema.ts';

const bodyNumber = (a: PbxAction, key: string): number =>
  typeof a.body[key] === 'number' ? (a.body[key] as number) : 0;

export const PBX_KIND: KindModule<'pbx', PbxAction> = {
  kind: 'pbx',
  sheetAliases: ['pbx', 'pbxs', 'cloud pbx', 'cloud pbxs', 'pbx definitions'],
  templateRows: PBX_ROWS,
  catalogue: PBX_CATALOGUE,
  schemaRules: addPbxRules,
  rowRules: pbxRules,
  cross: {
    fields: ['subDomain', 'name', 'extensionCapacity', 'recordingCapacity', 'firmware', 'dids', 'didIds'],
    add(checks, record) {
      checks.addPbx(record);
      checks.addDids(record, false);
      return false;
    },
  },
  createsPbx: true,
  phase: 0,
  resolve: (row, lookups) => resolvePbx(row, lookups),
  group: (a) => `pbx:${keyOf(a.subDomain)}`,
  countCalls(_a, add) {
    add('ycm', 'YCM POST /cloud_pbx/instances (create PBX)');
  },
  countAfter(actions, add) {
    // The new PBXs' SNs: one listing after the run, 50 a page (FACTS 1.6), for all of them at once.
    if (actions.length > 0)
      add(
        'ycm',
        'YCM GET /v2/cloud_pbx/instances (SNs of the new PBXs, 50 a page)',
        Math.ceil(actions.length / 50) + 1,
      );
  },
  quotaNeed: (a) => ({
    extensions: bodyNumber(a, 'extensionCapacity'),
    calls: bodyNumber(a, 'concurrentCallCapacity'),
    recording: bodyNumber(a, 'recordingCapacity'),
    ...(typeof a.body['extensionCapacity'] === 'number' && {
      newPbxExtensions: a.body['extensionCapacity'],
    }),
  }),
  journalSteps: () => ['createPbx'],
  adoptInterrupted,
  run: runPbxStep,
};
