/** Dotted field values → the nested object the schemas (and the APIs) expect. */
import type { FieldValue, RowRecord } from '../model.ts';

export type Nested = { [key: string]: FieldValue | Nested };

/** Nests `values` by their dotted paths: `a.b.c` → `{ a: { b: { c } } }`. */
const SPLIT = new Map<string, { segments: string[]; leaf: string }>();
function splitPath(path: string): { segments: string[]; leaf: string } {
  let s = SPLIT.get(path);
  if (!s) {
    const segments = path.split('.');
    const leaf = segments.pop() ?? path;
    s = { segments, leaf };
    SPLIT.set(path, s);
  }
  return s;
}

export function nestValues(values: Readonly<Record<string, FieldValue>>): Nested {
  const root: Nested = {};
  for (const path in values) {
    const value = values[path] as FieldValue;
    const { segments, leaf } = splitPath(path);
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
