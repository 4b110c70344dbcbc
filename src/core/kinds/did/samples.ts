/**
 * The DID Bindings rows of the blank templates (valid but for their example marker) and of the
 * shipped sample, which name the sandbox's fixture data so it runs without credentials.
 */
import type { TemplateRows } from '../kind-module.ts';
import { EXAMPLE_MARKERS } from '../../schema/example-markers.ts';

export const DID_ROWS: TemplateRows = {
  example: [
    {
      'pbx.subDomain': EXAMPLE_MARKERS.subDomain,
      trunk: 'US_Register_A1B2C3',
      dids: '+12025550111, +12025550112',
      mode: 'add',
    },
  ],
  sample: [
    { 'pbx.subDomain': 'acme', trunk: 'US_Register_A1B2C3', dids: '+12025550111; +12025550112', mode: 'add' },
    { 'pbx.subDomain': 'globex', trunk: 'US_Register_A1B2C3', dids: '+12025550113', mode: 'add' },
  ],
};
