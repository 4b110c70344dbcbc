/**
 * A PBX row against the PBX the account holds: every column the row fills and the account's list
 * documents (seeds/001), field by field ("Extensions: sheet 50, account 40"), and its customers.
 * Columns the list does not document (FACTS: pbxApi, trunk configuration access, transcription
 * minutes, the initial configuration, ID columns) are not compared.
 */
import { fieldAt } from '../schema/catalogue.ts';
import type { AccountPbx } from '../export/account.ts';
import type { Difference } from './types.ts';

type Compare = 'text' | 'caseless' | 'number';

/** The compared PBX columns: field path, how, and the account's value. */
const COMPARED: readonly [string, Compare, (p: AccountPbx) => string | number | undefined][] = [
  ['name', 'text', (p) => p.name],
  ['plan', 'text', (p) => p.plan],
  ['extensionCapacity', 'number', (p) => p.extensionCapacity],
  ['concurrentCallCapacity', 'number', (p) => p.concurrentCallCapacity],
  ['recordingStatus', 'text', (p) => p.recordingStatus],
  ['recordingCapacity', 'number', (p) => p.recordingCapacity],
  ['region', 'caseless', (p) => p.region],
  ['subDomain', 'caseless', (p) => p.subDomain],
  ['domain', 'caseless', (p) => p.domain],
  ['firmware', 'text', (p) => p.firmware],
  ['type', 'text', (p) => p.type],
  ['upgradeInPbx', 'text', (p) => p.toggles.upgradeInPbx],
  ['im', 'text', (p) => p.toggles.im],
  ['passwordlessLogin', 'text', (p) => p.toggles.passwordlessLogin],
  ['allowSuperiorPasswordlessLogin', 'text', (p) => p.toggles.allowSuperiorPasswordlessLogin],
  ['provisioningViaTemplate', 'text', (p) => p.toggles.provisioningViaTemplate],
];

function same(how: Compare, sheet: string, account: string): boolean {
  if (how === 'number') return Number(sheet) === Number(account) && sheet.trim() !== '';
  if (how === 'caseless') return sheet.trim().toLowerCase() === account.trim().toLowerCase();
  return sheet.trim() === account.trim();
}

/** The differences between a PBX row's `fields` (path → cell text) and `pbx`. */
export function comparePbx(fields: Readonly<Record<string, string>>, pbx: AccountPbx): Difference[] {
  const out: Difference[] = [];
  for (const [path, how, read] of COMPARED) {
    const sheet = fields[path]?.trim() ?? '';
    if (sheet === '') continue;
    const value = read(pbx);
    const account = value === undefined ? '' : String(value);
    if (same(how, sheet, account)) continue;
    const column = fieldAt('pbx', path)?.label ?? path;
    out.push({
      kind: 'field',
      column,
      inSheet: sheet,
      onAccount: account,
      message: `${column}: sheet ${sheet}, account ${account === '' ? '(not given)' : account}`,
    });
  }
  const customers = compareCustomers(fields, pbx);
  if (customers) out.push(customers);
  return out;
}

const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[,;\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Customers by ID when the row gives IDs, else by email (case-insensitive); as sets. */
function compareCustomers(fields: Readonly<Record<string, string>>, pbx: AccountPbx): Difference | undefined {
  const ids = list(fields['customerIds']);
  const emails = list(fields['customerEmails']).map((e) => e.toLowerCase());
  const byIds = ids.length > 0;
  if ((!byIds && emails.length === 0) || pbx.customerIds === undefined) return undefined;
  const sheet = byIds ? ids : emails;
  const account = byIds
    ? pbx.customerIds.map(String)
    : (pbx.customerEmails ?? []).map((e) => e.toLowerCase());
  const added = account.filter((a) => !sheet.includes(a));
  const removed = sheet.filter((s) => !account.includes(s));
  if (added.length === 0 && removed.length === 0) return undefined;
  const column = fieldAt('pbx', byIds ? 'customerIds' : 'customerEmails')?.label ?? 'Customers';
  const parts = [
    added.length > 0 ? `added on the account ${added.join(', ')}` : '',
    removed.length > 0 ? `not on the account ${removed.join(', ')}` : '',
  ].filter(Boolean);
  return {
    kind: 'customers',
    column,
    inSheet: sheet.join(', '),
    onAccount: account.join(', '),
    message: `${column}: ${parts.join('; ')} (sheet ${sheet.join(', ') || 'none'}, account ${account.join(', ') || 'none'})`,
  };
}
