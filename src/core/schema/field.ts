/**
 * The field catalogue's vocabulary: one FieldDef per sheet column the product understands. The
 * JSON schemas, the header matcher, the templates and the report writers are all generated from
 * these definitions, so they cannot drift apart.
 */
import type { FirmwareFeature } from '../../api/firmware.ts';

export type FieldType = 'string' | 'integer' | 'boolean' | 'stringList' | 'integerList' | 'timestamp';

export interface FieldDef {
  /** Dotted field path; API field names where the API has one. */
  path: string;
  /** Friendly header used in templates. */
  label: string;
  /** Other accepted headers (matched case-, space- and underscore-insensitively). */
  aliases?: readonly string[];
  type: FieldType;
  required?: boolean;
  enum?: readonly string[];
  /** JSON-Schema pattern (a JS RegExp source) and the sentence shown when it does not match. */
  pattern?: string;
  patternHelp?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  /** Never written out in clear (reports, logs, templates' examples are fake). */
  secret?: boolean;
  /**
   * A secret that also identifies the row's object (the 3CX licence key is the MyReports instance
   * id, FACTS 3.4.3): it stays in the journal's row-key hash (one-way), so two rows that differ
   * only in it are never taken for one another.
   */
  identifies?: boolean;
  /** Gated by PBX firmware (FACTS 1.8.A). */
  firmware?: FirmwareFeature;
  /** The rule in one sentence, for templates and messages. */
  help: string;
  example?: string;
  /** Holds a phone number or an ID whose digits Excel may damage. */
  digits?: boolean;
}

/** "Give one of these columns": a reference by ID or by name (PRODUCT.md, Map). */
export interface OneOfGroup {
  paths: readonly string[];
  label: string;
  required: boolean;
  /** Said after the template's "Required: fill this column or…" (when the rule has an exception). */
  note?: string;
}

export interface KindCatalogue {
  fields: readonly FieldDef[];
  groups: readonly OneOfGroup[];
}

export const ENABLED_DISABLED = ['Enabled', 'Disabled'] as const;
