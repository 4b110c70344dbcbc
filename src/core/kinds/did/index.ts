/** The DID Bindings sheet: DIDs bound to (or unbound from) a PBX (FACTS 1.8.O, seeds/004). */
import { targetGroup } from '../../engine/resolve-target.ts';
import { runDidStep } from './step.ts';
import type { KindModule } from '../kind-module.ts';
import { DID_ROWS } from './samples.ts';
import type { DidAction } from './action.ts';
import { DID_CATALOGUE } from './fields.ts';
import { resolveDid } from './resolve.ts';
import { didRules } from './rules.ts';
import { refuseExampleSubdomain } from '../../validate/rule-helpers.ts';

export const DID_KIND: KindModule<'did', DidAction> = {
  kind: 'did',
  sheetAliases: ['did', 'dids', 'did bindings', 'did binding'],
  templateRows: DID_ROWS,
  catalogue: DID_CATALOGUE,
  // A row that removes every binding names its PBX only (didRules checks it names nothing else).
  skipsGroup: (r, group) => r.values['mode'] === 'remove-all' && group.label !== 'target PBX',
  rowRules(r) {
    didRules(r);
    refuseExampleSubdomain(r, 'pbx.subDomain');
  },
  cross: {
    fields: ['pbx.subDomain', 'pbx.name', 'mode', 'dids', 'didIds'],
    add(checks, record) {
      const pending = checks.addRef(record, true);
      // A row that unbinds (remove, remove-all) claims no DID.
      const mode = record.values['mode'];
      if (mode !== 'remove' && mode !== 'remove-all') checks.addDids(record, true);
      return pending;
    },
  },
  phase: 1,
  resolve: resolveDid,
  group: (a) => targetGroup(a.target),
  waitsFor: (a) => a.target,
  countCalls(a, add) {
    if (a.mode !== 'replace' && a.mode !== 'remove-all')
      add('ycm', 'YCM GET /did_management/{id}/did (current bindings)');
    add('ycm', 'YCM PUT /cloud_pbx/instances/{id}/did (bind DIDs)');
  },
  journalSteps: () => ['bindDids'],
  run: runDidStep,
};
