/** The DID Bindings row's rules no schema can say alone (seeds/004, FACTS 1.8.O). */
import type { RowRecord } from '../../model.ts';
import { parseSipHeaders } from '../../schema/sip-headers.ts';
import { add, has, value } from '../../validate/rule-helpers.ts';

/** A DID Bindings row's rules: its custom SIP headers parse; 'remove-all' names its PBX only. */
export function didRules(r: RowRecord): void {
  const headers = value(r, 'customSipHeadersBindings');
  if (typeof headers === 'string') {
    const parsed = parseSipHeaders(headers);
    if ('error' in parsed) add(r, 'customSipHeadersBindings', 'error', parsed.error);
  }
  if (value(r, 'mode') !== 'remove-all') return;
  const given = ['dids', 'didIds', 'trunk', 'trunkId'].find((p) => has(r, p));
  if (given) {
    add(
      r,
      given,
      'error',
      "Mode 'remove-all' unbinds every DID of the PBX and takes no trunk or DIDs: clear them, or use 'remove' to unbind only these.",
    );
    return;
  }
  add(r, 'mode', 'warning', 'Removes every DID binding of this PBX: its DIDs stop reaching it.');
}
