/**
 * The Expansions rows of the blank templates (valid but for their example marker) and of the
 * shipped sample, which name the sandbox's fixture data so it runs without credentials.
 */
import type { TemplateRows } from '../kind-module.ts';
import { EXAMPLE_MARKERS } from '../../schema/example-markers.ts';

export const EXPANSION_ROWS: TemplateRows = {
  example: [
    {
      'pbx.subDomain': EXAMPLE_MARKERS.subDomain,
      method: 'order',
      addExtensions: '10',
      billingCycle: 'monthly',
    },
  ],
  sample: [
    { 'pbx.subDomain': 'hooli', method: 'order', addExtensions: '10', billingCycle: 'monthly' },
    { 'pbx.subDomain': 'acme', method: 'resize', recordingStatus: 'Enabled', recordingCapacity: '300' },
  ],
};
