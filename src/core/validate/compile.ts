/**
 * The row validators: ajv's code for the four schemas, compiled once ahead of time
 * (validator-source.ts, `npm run validators`) rather than at every start (STYLE.md: compile once,
 * allErrors).
 */
import type { ErrorObject } from 'ajv';
import type { SheetKind } from '../../shared/types.ts';
import * as generated from './generated/validators.ts';

/** A generated validator: true when valid; otherwise `errors` lists every problem (allErrors). */
export interface RowValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

// The generated module is plain JavaScript (unchecked): its exports are typed here, once.
const VALIDATORS = generated as unknown as Record<SheetKind, RowValidator>;

/** The validator of a row kind. */
export function validatorFor(kind: SheetKind): RowValidator {
  return VALIDATORS[kind];
}
