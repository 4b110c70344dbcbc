/**
 * ajv errors → messages a non-developer can act on, naming the column as the user wrote it
 * (STYLE.md: map instancePath to the user's column header). Secret values are never echoed.
 */
import type { ErrorObject } from 'ajv';
import type { SheetKind } from '../../shared/types.ts';
import type { RowMessage } from '../../shared/types.ts';
import { fieldAt } from '../schema/catalogue.ts';
import { initialConfigRequired } from '../schema/build-schema.ts';
import type { FieldDef } from '../schema/field.ts';

/** The header to name for a field: the user's own, else the template label. */
export function columnName(kind: SheetKind, path: string, headers: Readonly<Record<string, string>>): string {
  return headers[path] ?? fieldAt(kind, path)?.label ?? path;
}

function shown(field: FieldDef | undefined, value: unknown): string {
  if (field?.secret) return 'the value';
  return `'${clip(String(value))}'`;
}

/** A cell value quoted in a message, cut so a huge cell cannot flood a report. */
export function clip(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** Converts one ajv error; returns undefined for the structural errors that only wrap others. */
export function ajvMessage(
  kind: SheetKind,
  error: ErrorObject,
  headers: Readonly<Record<string, string>>,
): RowMessage | undefined {
  if (error.keyword === 'if' || error.keyword === 'allOf') return undefined;
  const base = error.instancePath
    .replace(/^\//, '')
    .replace(/\/\d+$/, '')
    .split('/')
    .join('.');
  if (error.keyword === 'required') return requiredMessage(kind, error, base, headers);
  const field = fieldAt(kind, base);
  const column = columnName(kind, base, headers);
  const value = error.data;
  const msg = (message: string): RowMessage => ({ column, level: 'error', message });
  switch (error.keyword) {
    case 'enum': {
      const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
      const match = allowed.find((a) => String(a).toLowerCase() === String(value).toLowerCase());
      if (match !== undefined) return msg(`Write '${String(match)}' exactly: values are case-sensitive.`);
      const list = allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, ...` : allowed.join(', ');
      return msg(`${shown(field, value)} is not allowed. Use one of: ${list}.`);
    }
    case 'pattern':
      return msg(`${shown(field, value)} is not valid: ${field?.patternHelp ?? 'check the format'}.`);
    case 'minimum':
    case 'maximum': {
      const limit = (error.params as { limit?: number }).limit;
      const word = error.keyword === 'minimum' ? 'at least' : 'at most';
      return msg(
        `${String(value)} is out of range: it must be ${word} ${String(limit)}. ${field?.help ?? ''}`.trim(),
      );
    }
    case 'maxLength':
      return msg(`Too long: at most ${String((error.params as { limit?: number }).limit)} characters.`);
    case 'minLength':
    case 'minItems':
      return msg(`${column} is empty.`);
    case 'const':
      return msg(`${column} does not match the admin password; type the same password in both.`);
    case 'pbxUsername':
      return msg(
        `The admin username must ${error.message ?? 'follow the rules'}. ${field?.help ?? ''}`.trim(),
      );
    case 'pbxPassword':
      return msg(`The admin password must ${error.message ?? 'follow the rules'}.`);
    case 'type':
      return msg(`${shown(field, value)} has the wrong type: ${error.message ?? ''}.`);
    default:
      return msg(`${column}: ${error.message ?? 'invalid value'}.`);
  }
}

/** A missing field: its column and why it is required, or a whole initial-configuration section. */
function requiredMessage(
  kind: SheetKind,
  error: ErrorObject,
  base: string,
  headers: Readonly<Record<string, string>>,
): RowMessage {
  const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
  const path = base ? `${base}.${missing}` : missing;
  const field = fieldAt(kind, path);
  if (!field) {
    // A whole Initial_Config section is missing: name its columns as the template does.
    // The section's required fields (FACTS 1.8.A.1), not every column it has.
    const needed = initialConfigRequired(path).flatMap((p) => fieldAt(kind, p) ?? []);
    // Said on a column the sheet has, so the report highlights a real cell.
    const first = needed.find((f) => headers[f.path] !== undefined) ?? needed[0];
    const names = needed.map((f) => `'${columnName(kind, f.path, headers)}'`).join(', ');
    const absent = needed.filter((f) => headers[f.path] === undefined);
    const add = absent.length
      ? ` (the sheet has no column for ${absent.map((f) => `'${f.label}'`).join(', ')}: add ${absent.length === 1 ? 'it' : 'them'})`
      : '';
    return {
      ...(first && { column: columnName(kind, first.path, headers) }),
      level: 'error',
      message: `The initial configuration is incomplete: a row that fills any of its columns must also fill ${names || `the columns of '${missing}'`}${add}. If this PBX needs no initial configuration, clear those cells instead.`,
    };
  }
  const column = columnName(kind, path, headers);
  const why = conditionalReason(error);
  const hasColumn = headers[path] !== undefined;
  return {
    column,
    level: 'error',
    message: `${column} is required${why}. ${field.help}${hasColumn ? '' : ` Add a '${field.label}' column.`}`,
  };
}

const CONDITIONS: Record<string, string> = {
  allowRunAfterExpirationDate: ' when an expiration date is set',
  contactName: ' when event notification is Enabled',
  notificationLevel: ' when event notification is Enabled',
  mobileNumber: ' when mobile notification is Enabled',
  dialCode: ' when international calls are restricted',
  hostRest: ' for a Kazoo profile',
  hostWebsocket: ' for a Kazoo profile',
  accountId: ' for a Kazoo profile',
  apiKey: ' for a Kazoo profile',
  licenseKey: ' for a 3CX profile',
  // Leaves of the MyReports sheet only (the PBX admin username is `administratorSettings.username`,
  // whose note and message come from the initial-configuration rule, never from here).
  username: ' for a 3CX profile',
  password: ' for a 3CX profile',
};

/** " when X is Enabled" for a field required only under a condition (template notes), or undefined. */
export function requiredReason(leaf: string): string | undefined {
  return CONDITIONS[leaf];
}

/** "when X is Enabled" for errors raised inside an if/then clause. */
function conditionalReason(error: ErrorObject): string {
  if (!error.schemaPath.includes('/then/')) return '';
  const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
  return CONDITIONS[missing] ?? '';
}
