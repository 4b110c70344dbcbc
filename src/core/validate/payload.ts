/** Dotted field values → the nested object the schemas (and the APIs) expect. */
import type { FieldValue, RowRecord } from '../model.ts';

export type Nested = { [key: string]: FieldValue | Nested };

/** Nests `values` by their dotted paths: `a.b.c` → `{ a: { b: { c } } }`. */
export function nestValues(values: Readonly<Record<string, FieldValue>>): Nested {
  const root: Nested = {};
  for (const [path, value] of Object.entries(values)) {
    const segments = path.split('.');
    const leaf = segments.pop() ?? path;
    let node = root;
    for (const segment of segments) {
      const next = node[segment];
      if (next && typeof next === 'object' && !Array.isArray(next)) node = next;
      else node = node[segment] = {};
    }
    node[leaf] = value;
  }
  return root;
}

/** The row as a nested object (before names are resolved to IDs at plan time). */
export function buildPayload(record: RowRecord): Nested {
  return nestValues(record.values);
}
