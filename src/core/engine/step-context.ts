/** What every run step shares, and the two outcomes that are neither success nor plain failure. */
import type { Clients } from '../../api/index.ts';
import type { RowReason, RowResultIds } from '../../shared/types.ts';
import type { Journal } from '../run/journal.ts';
import type { Lookups } from './lookups.ts';
import type { PbxTarget } from './planned.ts';
import type { OrderOptions } from '../kinds/expansion/order-step.ts';
import type { ReadinessOptions } from './readiness.ts';

export interface CreatedPbx {
  cloudPbxId: number;
  sn?: string;
  url?: string;
}

export interface StepContext {
  clients: Clients;
  journal: Journal;
  lookups: Lookups;
  /** PBXs created (or adopted) by this run, by their row key, for the rows that depend on them. */
  created: Map<string, CreatedPbx>;
  /** One wait for `Running` per PBX of `created`, shared by its rows (readiness.ts). */
  ready: Map<number, Promise<void>>;
  /** How long and how often to wait for a new PBX to be `Running` (defaults: readiness.ts). */
  readiness?: Partial<ReadinessOptions>;
  /**
   * The run's cancel signal. Steps do not pass it to their calls: a row that started finishes
   * its steps and journals them (Ctrl-C must not abort a create the vendor may already have
   * applied, which would record it as failed); the scheduler starts no new row once cancelled.
   */
  signal?: AbortSignal;
  /** Orders: repeat guard, status checks (kinds/expansion/order-step.ts). */
  orders?: OrderOptions;
  /** The journal keys of this sheet's rows: an order recorded for another key is not this sheet's. */
  rowKeys?: ReadonlySet<string>;
}

/** The unclear outcome (the row is `unknown`), raised by the guarded-write helper. */
export { UnknownOutcomeError } from './guarded-write.ts';

/** The row cannot run because something it depends on did not happen: the row is `skipped`. */
export class DependencySkipError extends Error {
  override readonly name = 'DependencySkipError';
  constructor(
    message: string,
    /** `dependency-not-created`: its PBX was not created; `not-run`: the run was cancelled first. */
    readonly reason: Extract<RowReason, 'dependency-not-created' | 'not-run'>,
  ) {
    super(message);
  }
}

/** The PBX a dependent row acts on, once its own row has run. */
export function targetPbx(target: PbxTarget, ctx: StepContext): CreatedPbx {
  if ('existing' in target) {
    const p = target.existing;
    return { cloudPbxId: p.cloudPbxId, ...(p.sn && { sn: p.sn }), ...(p.url && { url: p.url }) };
  }
  const created = ctx.created.get(target.workbook);
  if (!created)
    throw new DependencySkipError(
      `Skipped: the PBX '${target.label}' of this workbook was not created.`,
      'dependency-not-created',
    );
  return created;
}

export function withRequestId(ids: RowResultIds, requestId: string | undefined): RowResultIds {
  return requestId ? { ...ids, requestIds: [...(ids.requestIds ?? []), requestId] } : ids;
}
