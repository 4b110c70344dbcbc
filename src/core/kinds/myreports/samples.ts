/**
 * The MyReports rows of the blank templates (valid but for their example marker) and of the
 * shipped sample, which name the sandbox's fixture data so it runs without credentials.
 */
import type { TemplateRows } from '../kind-module.ts';
import { EXAMPLE_MARKERS } from '../../schema/example-markers.ts';

const EXAMPLE = {
  customer: 'Acme Ltd',
  _type: 'KazooPbxConnectionProfile',
  name: 'Acme Kazoo',
  hostRest: 'https://rest.kazoo.example',
  hostWebsocket: 'wss://ws.kazoo.example',
  accountId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  apiKey: EXAMPLE_MARKERS.apiKey,
  countryCode: 'US',
};

export const MYREPORTS_ROWS: TemplateRows = {
  example: [EXAMPLE],
  sample: [{ ...EXAMPLE, apiKey: 'sandbox-kazoo-api-key' }],
};
