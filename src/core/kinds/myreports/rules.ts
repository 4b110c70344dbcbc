/** The MyReports row's rules no schema can say alone (FACTS 3.5, seeds/002). */
import type { RowRecord } from '../../model.ts';
import { EXAMPLE_MARKERS } from '../../schema/example-markers.ts';
import { add, has, value } from '../../validate/rule-helpers.ts';
import { columnName } from '../../validate/messages.ts';
import { KAZOO_FIELDS, THREECX_FIELDS } from './fields.ts';

/** The other profile type's columns are ignored; a Kazoo server reached in clear is warned of. */
export function myreportsRules(r: RowRecord): void {
  const type = value(r, '_type');
  const foreign =
    type === 'KazooPbxConnectionProfile'
      ? THREECX_FIELDS
      : type === 'ThreeCxConnectionProfile'
        ? KAZOO_FIELDS
        : [];
  for (const p of foreign) {
    if (!has(r, p)) continue;
    // Not sent for this profile type, so its value cannot make the row invalid either.
    const column = columnName(r.kind, p, r.headers);
    r.messages = r.messages.filter((m) => m.column !== column || m.level !== 'error');
    add(r, p, 'warning', `Ignored for a ${String(type)}.`);
  }
  if (type !== 'KazooPbxConnectionProfile') return;
  for (const [path, plain, secure] of [
    ['hostRest', 'http://', 'https://'],
    ['hostWebsocket', 'ws://', 'wss://'],
  ] as const) {
    const url = value(r, path);
    if (typeof url === 'string' && url.toLowerCase().startsWith(plain))
      add(
        r,
        path,
        'warning',
        `${plain} is unencrypted: MyReports would reach this Kazoo server, and send its API key, in clear. Use ${secure} if the server has it.`,
      );
  }
}

/** The template's example row: its placeholder API key is refused (exact, as it is a secret). */
export function refuseExampleApiKey(r: RowRecord): void {
  if (r.fields['apiKey'] !== EXAMPLE_MARKERS.apiKey) return;
  add(
    r,
    'apiKey',
    'error',
    "This is the placeholder API key of the template's example row: delete the example row, or replace its values with your customer's.",
  );
}
