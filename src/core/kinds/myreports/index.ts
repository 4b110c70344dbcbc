/** The MyReports sheet: one connection profile per row (seeds/002, FACTS 3.4.3 and 3.5). */
import { runProfileStep } from './step.ts';
import type { KindModule } from '../kind-module.ts';
import { MYREPORTS_ROWS } from './samples.ts';
import type { ProfileAction } from './action.ts';
import { MYREPORTS_CATALOGUE } from './fields.ts';
import { resolveProfile } from './resolve.ts';
import { myreportsRules, refuseExampleApiKey } from './rules.ts';
import { addMyReportsRules } from './schema.ts';

export const MYREPORTS_KIND: KindModule<'myreports', ProfileAction> = {
  kind: 'myreports',
  sheetAliases: ['myreports', 'my reports', 'myreports profiles', 'profiles'],
  templateRows: MYREPORTS_ROWS,
  catalogue: MYREPORTS_CATALOGUE,
  schemaRules: addMyReportsRules,
  rowRules(r) {
    myreportsRules(r);
    refuseExampleApiKey(r);
  },
  cross: {
    fields: ['_type', 'accountId', 'licenseKey'],
    add(checks, record) {
      checks.addInstance(record);
      return false;
    },
  },
  phase: 3,
  resolve: resolveProfile,
  group: (a) => `profile:${a.instanceId}`,
  waitsFor: (a) => a.pbx,
  countCalls(a, add) {
    add('myreports', 'MyReports GET /pbxs?instanceId= (existing profile)');
    add('myreports', 'MyReports POST /customers/{id}/pbxs (create profile)');
    if (a.enable) add('myreports', 'MyReports PATCH /customers/{id}/pbxs/{id} (enable collection)');
  },
  journalSteps: (record) =>
    record.values['enable'] === true ? ['createProfile', 'enableProfile'] : ['createProfile'],
  run: runProfileStep,
};
