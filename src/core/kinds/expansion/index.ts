/** The Expansions sheet: a Partner Portal order (seeds/003) or a YCM resize (FACTS 1.8.K). */
import { targetGroup } from '../../engine/resolve-target.ts';
import { runExpansionStep } from './step.ts';
import { isStepInterrupted, journalStep, type JournalState } from '../../run/journal.ts';
import type { PlannedRow } from '../../engine/planned.ts';
import { refuseExampleSubdomain } from '../../validate/rule-helpers.ts';
import type { KindModule } from '../kind-module.ts';
import { EXPANSION_ROWS } from './samples.ts';
import type { ExpansionAction } from './action.ts';
import { checkExtensionLimit } from './extension-limit.ts';
import { EXPANSION_CATALOGUE } from './fields.ts';
import { resolveExpansion } from './resolve.ts';
import { expansionRules } from './rules.ts';

/** An expansion row whose order an earlier run began without a clear end (it may be placed). */
function orderInterrupted(state: JournalState, row: PlannedRow): boolean {
  if (row.action?.type !== 'expansion' || row.action.method !== 'order') return false;
  return isStepInterrupted(state, row.key, 'order');
}

export const EXPANSION_KIND: KindModule<'expansion', ExpansionAction> = {
  kind: 'expansion',
  sheetAliases: ['expansion', 'expansions', 'capacity', 'orders'],
  templateRows: EXPANSION_ROWS,
  catalogue: EXPANSION_CATALOGUE,
  rowRules(r) {
    expansionRules(r);
    refuseExampleSubdomain(r, 'pbx.subDomain');
  },
  cross: {
    fields: [
      'pbx.subDomain',
      'pbx.name',
      'method',
      'addExtensions',
      'extensionCapacity',
      'addRecordingMinutes',
      'recordingCapacity',
      'transcriptionCapacity',
    ],
    add: (checks, record) => checks.addRef(record, false),
  },
  phase: 2,
  resolve: resolveExpansion,
  group: (a) => targetGroup(a.target),
  waitsFor: (a) => a.target,
  countCalls(a, add) {
    if (a.method === 'resize') {
      add('ycm', 'YCM GET /cloud_pbx/instances/{id} (current capacity)');
      add('ycm', 'YCM PUT /cloud_pbx/instances/{id}/capacity (resize)');
      return;
    }
    // Before each order the portal is asked for recent orders of the PBX (order-step.ts).
    add('pp', 'PP GET /order/v1/page (recent orders, before each order)');
    add('pp', 'PP GET /order/v1/get/{id} (SN of each recent order, once a run)');
    add('pp', 'PP POST /order/v1/save (purchase_service order)');
  },
  quotaNeed: (a) =>
    a.method === 'order'
      ? { extensions: a.addExtensions ?? 0, calls: 0, recording: a.addRecordingMinutes ?? 0 }
      : { extensions: 0, calls: 0, recording: 0 },
  // Before the account quotas: a row over its PBX's limit does not use quota.
  checkPlanned: (rows, journal) =>
    checkExtensionLimit(rows, journal ? (row) => orderInterrupted(journal, row) : undefined),
  orders: {
    places: (a) => a.method === 'order',
    pending(state, row) {
      const rec = journalStep(state, row.key, 'order');
      return rec?.outcome === 'pending' ? rec.ids?.orderNo : undefined;
    },
  },
  journalSteps: (record) => [record.values['method'] === 'resize' ? 'resize' : 'order'],
  run: runExpansionStep,
};
