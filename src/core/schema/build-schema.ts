/**
 * JSON schemas generated from the field catalogue, one per sheet kind, over the nested row object
 * (dotted paths become nested objects). The required-if rules of FACTS 1.8.A and 1.8.A.1 are
 * if/then clauses (each kind's `schemaRules`); the credential rules are the custom keywords
 * `pbxUsername` / `pbxPassword`.
 */
import type { SheetKind } from '../../shared/types.ts';
import { kindModule } from '../kinds/registry.ts';
import { CATALOGUES } from './catalogue.ts';
import type { FieldDef } from './field.ts';

export type JsonSchema = Record<string, unknown>;

/** Initial_Config fields that are required whenever any of it is sent (FACTS 1.8.A.1). */
export const INITIAL_CONFIG_REQUIRED: Record<string, string[]> = {
  administratorSettings: ['username', 'newPassword', 'confirmPassword', 'emailAddress'],
  dateAndTimeSettings: ['timeZone', 'enableDst', 'dateFormat', 'timeFormat'],
  localization: [
    'systemPromptLanguage',
    'emailLanguage',
    'deviceName',
    'nameDisplayFormat',
    'toneRegion',
    'enbCountryCode',
  ],
};

/** The fields a section of the initial configuration must have once it is given (full paths). */
export function initialConfigRequired(sectionPath: string): string[] {
  const section = sectionPath.replace(/^cloudPbxInitialConfigRequest\./, '');
  return (INITIAL_CONFIG_REQUIRED[section] ?? []).map((f) => `${sectionPath}.${f}`);
}

export const when = (field: string, value: unknown, then: JsonSchema): JsonSchema => ({
  if: { properties: { [field]: { const: value } }, required: [field] },
  then,
});

function leafSchema(field: FieldDef): JsonSchema {
  const base: JsonSchema = {};
  switch (field.type) {
    case 'integer':
    case 'timestamp':
      base['type'] = 'integer';
      break;
    case 'boolean':
      base['type'] = 'boolean';
      break;
    case 'stringList':
      return { type: 'array', minItems: 1, items: stringRules(field) };
    case 'integerList':
      return { type: 'array', minItems: 1, items: { type: 'integer', minimum: 1 } };
    case 'string':
      return stringRules(field);
  }
  if (field.minimum !== undefined) base['minimum'] = field.minimum;
  if (field.maximum !== undefined) base['maximum'] = field.maximum;
  return base;
}

function stringRules(field: FieldDef): JsonSchema {
  // No minLength: 1: validateRow never puts an empty or blank cell into the row object, and ajv's
  // code-point length count would run on every string of every row for nothing.
  const schema: JsonSchema = { type: 'string' };
  if (field.enum) schema['enum'] = [...field.enum];
  if (field.pattern) schema['pattern'] = field.pattern;
  if (field.maxLength !== undefined) schema['maxLength'] = field.maxLength;
  return schema;
}

export function objectAt(root: JsonSchema, segments: readonly string[]): JsonSchema {
  let node = root;
  for (const segment of segments) {
    const props = (node['properties'] ??= {}) as Record<string, JsonSchema>;
    node = props[segment] ??= { type: 'object', properties: {} };
  }
  return node;
}

/** Builds the schema of one row kind. */
export function buildSchema(kind: SheetKind): JsonSchema {
  const root: JsonSchema = { type: 'object', properties: {}, required: [] };
  for (const field of CATALOGUES[kind].fields) {
    const segments = field.path.split('.');
    const leaf = segments.pop() ?? field.path;
    const parent = objectAt(root, segments);
    const props = parent['properties'] as Record<string, JsonSchema>;
    props[leaf] = leafSchema(field);
    if (field.required && segments.length === 0) (root['required'] as string[]).push(leaf);
  }
  kindModule(kind).schemaRules?.(root);
  return root;
}
