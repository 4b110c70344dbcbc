/**
 * A mapping's row plan, worked out once per mapping (not per row): each mapped column with its
 * field definition and where its value goes in the nested object the schema validates, so a row
 * is read, coerced and nested in one pass (validate-row.ts).
 */
import type { SheetKind } from '../../shared/types.ts';
import type { ColumnMapping } from '../map/map-headers.ts';
import type { FieldValue } from '../model.ts';
import { isSecretField, isSecretHeader } from '../util/cell-safety.ts';
import { fieldAt } from '../schema/catalogue.ts';
import type { FieldDef } from '../schema/field.ts';
import type { Nested } from './payload.ts';

export interface PlannedColumn {
  index: number;
  header: string;
  field: FieldDef;
  path: string;
  /** A plain text field: its value is the trimmed cell, with no warnings and no errors but one. */
  plain: boolean;
  /** A one-line text field (a name, an address, a password): a line break in it is an error. */
  oneLine: boolean;
}

/** Builds an object from one value per planned column (undefined = leave the key out). */
export type SlotBuilder<T> = (slots: ReadonlyArray<T | undefined>) => Record<string, T>;

export interface RowPlan {
  columns: PlannedColumn[];
  /** Field path → the header the user wrote (RowRecord.headers, shared by every row). */
  headers: Record<string, string>;
  /** `{ [path]: slot }` for RowRecord.fields, keys in column order. */
  flat: SlotBuilder<string>;
  /** `{ [path]: slot }` for RowRecord.values, keys in column order. */
  flatValues: SlotBuilder<FieldValue>;
  /** The nested object the schema validates (`a.b.c` → `{ a: { b: { c } } }`), as nestValues builds it. */
  nested: (slots: ReadonlyArray<FieldValue | undefined>) => Nested;
  /**
   * Indexes of the cells that hold a secret: a secret field's column, or a column whose header
   * says password, secret, key or token (as the report writers mask them), mapped or not.
   */
  secretCells: number[];
}

const PLANS = new WeakMap<readonly ColumnMapping[], RowPlan>();

/** The plan of a mapping, cached per mapping object. */
export function rowPlan(kind: SheetKind, mapping: readonly ColumnMapping[]): RowPlan {
  let plan = PLANS.get(mapping);
  if (plan) return plan;
  const headers: Record<string, string> = {};
  for (const c of mapping) if (c.field) headers[c.field] = c.header;
  const columns: PlannedColumn[] = [];
  for (const column of mapping) {
    const field = column.field ? fieldAt(kind, column.field) : undefined;
    if (!field) continue;
    columns.push({
      index: column.index,
      header: column.header,
      field,
      path: field.path,
      plain: field.type === 'string' && !field.digits && !field.secret,
      oneLine: field.type === 'string',
    });
  }
  const paths = columns.map((c) => c.path);
  const secretCells = mapping
    .filter((c) => (c.field !== undefined && isSecretField(c.field)) || isSecretHeader(c.header))
    .map((c) => c.index);
  plan = {
    columns,
    headers,
    flat: flatBuilder<string>(paths),
    flatValues: flatBuilder<FieldValue>(paths),
    nested: nestedBuilder(paths),
    secretCells,
  };
  PLANS.set(mapping, plan);
  return plan;
}

/*
 * Why generated code: a row object gets 30-60 keys, and keys written through a variable
 * (`o[path] = v`) turn an object into a slow hash table after 16 of them; the same keys written as
 * constants keep it a fast object with a shared shape, which validation and the checks then read
 * many times. The keys are catalogue field paths (never user text), embedded with JSON.stringify.
 */

function flatBuilder<T>(paths: readonly string[]): SlotBuilder<T> {
  let body = 'let v;\n';
  paths.forEach((path, i) => {
    body += `if ((v = s[${i}]) !== undefined) this[${JSON.stringify(path)}] = v;\n`;
  });
  return constructor<T, Record<string, T>>(body);
}

/**
 * `body` as a constructor over the slots `s`, its objects plain ones (Object.prototype). V8 sizes a
 * constructor's objects for the `this[...] =` stores in its body, so every key is stored inside the
 * object; keys added to a `{}` past its first four go to a separate store, reallocated as it grows.
 * Measured over 10k 55-column rows: validation 120 → 111 ms.
 */
function constructor<T, R>(body: string): (s: ReadonlyArray<T | undefined>) => R {
  const Row = new Function('s', body) as new (s: ReadonlyArray<T | undefined>) => R;
  Row.prototype = Object.prototype;
  return (s) => new Row(s);
}

function nestedBuilder(paths: readonly string[]): RowPlan['nested'] {
  // One variable per nested object, created when its first value arrives (column order, as nestValues).
  const vars = new Map<string, string>();
  const parentExpr = (segments: readonly string[]): string => {
    if (segments.length === 0) return 'this';
    const key = segments.join('.');
    let name = vars.get(key);
    if (name === undefined) {
      name = `n${vars.size}`;
      vars.set(key, name);
    }
    const outer = parentExpr(segments.slice(0, -1));
    return `(${name} ??= (${outer}[${JSON.stringify(segments[segments.length - 1])}] = {}))`;
  };
  let code = '';
  paths.forEach((path, i) => {
    const segments = path.split('.');
    const leaf = segments.pop() ?? path;
    code += `if ((v = s[${i}]) !== undefined) ${parentExpr(segments)}[${JSON.stringify(leaf)}] = v;\n`;
  });
  const declared = [...vars.values()].map((n) => `, ${n}`).join('');
  return constructor<FieldValue, Nested>(`let v${declared};\n${code}`);
}
