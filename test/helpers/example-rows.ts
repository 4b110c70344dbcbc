/**
 * The template's example rows as a user fills them in: the example marker (the example PBX's
 * subdomain, the placeholder API key), which validate refuses, replaced by a customer's own values.
 * Tests that need a valid row start from these.
 */
import { EXAMPLE_MARKERS } from '../../src/core/schema/example-markers.ts';
import { EXAMPLE_ROWS } from '../../src/core/templates/sample-rows.ts';
import type { SheetKind } from '../../src/shared/types.ts';

type Row = Record<string, string>;

/** The subdomain the filled-in rows use instead of the example's. */
export const FILLED_IN_SUBDOMAIN = 'acme-live';

/** The example row of `kind` with its example marker replaced. */
export function filledInExample(kind: SheetKind): Row {
  const examples: Partial<Record<SheetKind, Row[]>> = EXAMPLE_ROWS;
  const row: Row = { ...(examples[kind]?.[0] ?? {}) };
  for (const key of ['subDomain', 'pbx.subDomain'])
    if (row[key] === EXAMPLE_MARKERS.subDomain) row[key] = FILLED_IN_SUBDOMAIN;
  if (row['apiKey'] === EXAMPLE_MARKERS.apiKey) row['apiKey'] = 'a-real-kazoo-api-key';
  return row;
}

/** Every kind's filled-in example row. */
export function filledInExamples() {
  return {
    pbx: [filledInExample('pbx')],
    did: [filledInExample('did')],
    expansion: [filledInExample('expansion')],
    myreports: [filledInExample('myreports')],
  } satisfies Partial<Record<SheetKind, Row[]>>;
}
