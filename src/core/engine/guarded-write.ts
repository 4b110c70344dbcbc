/**
 * The one way a run writes to a vendor (PRODUCT.md, Run: never twice). Every write goes through
 * `guardedWrite`:
 *
 * 1. done already (the journal records it succeeded or adopted): nothing is sent, its ids return;
 * 2. an earlier attempt began without a clear end (crash, unclear answer), or the policy says to
 *    look first: the target is looked up, and what the write would have made is adopted if found;
 * 3. the journal records `begin`, the write is sent, and its answer is journalled: `succeeded`,
 *    `failed` (a definite refusal), or `unknown` (the answer was lost: it may have been applied);
 * 4. after an unclear answer the target is looked up again: found, it is adopted; not found, the
 *    write is sent again while the policy allows, else the step ends `unknown` (never guessed).
 *
 * Each call site passes its own retry policy as data (WritePolicy): how many sends, whether to
 * look first, and which errors leave the outcome unclear.
 */
import { AmbiguousWriteError, ApiError } from '../../api/index.ts';
import type { RowReason, RowResultIds } from '../../shared/types.ts';
import type { Journal, JournalBegin, StepName } from '../run/journal.ts';

/** The write may or may not have happened and the check could not tell: the row is `unknown`. */
export class UnknownOutcomeError extends Error {
  override readonly name = 'UnknownOutcomeError';
  readonly reason = 'unknown-outcome' satisfies RowReason;
}

/** How one call site's write is retried: plain data, one per kind of write. */
export interface WritePolicy {
  /** Sends at most, each after the lookup found nothing (1: never sent twice in one run). */
  maxSends: number;
  /** Look the target up before the first send even when no earlier attempt is open. */
  lookFirst: boolean;
  /** Whether an error leaves the outcome unclear (it may have been applied); others are refusals. */
  unclear: (error: unknown) => boolean;
}

/** A lost answer: the request may have reached the vendor (timeout, reset after the send). */
export function lostAnswer(error: unknown): boolean {
  return error instanceof AmbiguousWriteError;
}

/**
 * An absolute PUT/PATCH: sending it again is safe, so an unclear answer is a plain failure that a
 * re-run repeats, and nothing is looked up.
 */
export const IDEMPOTENT: WritePolicy = { maxSends: 1, lookFirst: false, unclear: () => false };

/** What a lookup found: the thing the write makes, with the note journalled with its adoption. */
export interface Found {
  ids: RowResultIds;
  message: string;
}

/**
 * Why the lookup runs: `interrupted` (an earlier attempt has no clear end), `first` (the policy
 * looks before any send), `unclear` (this run's send got no clear answer).
 */
export type LookUpMoment = 'interrupted' | 'first' | 'unclear';

export interface GuardedWrite<R> {
  journal: Journal;
  key: string;
  step: StepName;
  policy: WritePolicy;
  /** Recorded with the `begin` entry (an order: the portal's time and the SN). */
  begin?: Pick<JournalBegin, 'portalTimeMs' | 'productNo'>;
  /**
   * Finds what an earlier send made (undefined: nothing, it may be sent). May throw
   * UnknownOutcomeError when what it sees cannot be told apart; any other error after a send that
   * may have been applied makes the step unknown (`unchecked`).
   */
  lookUp?: (moment: LookUpMoment) => Promise<Found | undefined>;
  /** Last word before each send, once the lookup found nothing: throws to refuse the write. */
  beforeSend?: () => void;
  send: () => Promise<R>;
  /** The ids a clear answer gives. */
  idsOf: (reply: R) => RowResultIds;
  /**
   * Ends the step itself, by the target's own status, instead of `succeeded` / `adopted` (an
   * order: only the portal's final status decides). `found` is set for an adoption.
   */
  settle?: (ids: RowResultIds, found?: Found) => Promise<RowResultIds>;
  /** The row's message when no send got a clear answer and the lookup found nothing. */
  gaveUp?: (sendError: unknown) => string;
  /** The row's message when the lookup failed after a send that may have been applied. */
  unchecked?: (lookUpError: unknown, sendError: unknown) => string;
}

/** Runs one write under the never-twice protocol; returns the row's ids or throws. */
export async function guardedWrite<R>(w: GuardedWrite<R>): Promise<RowResultIds> {
  const { journal, key, step, policy } = w;
  const done = journal.doneIds(key, step);
  if (done) return done;
  let moment: LookUpMoment | undefined = journal.isInterrupted(key, step)
    ? 'interrupted'
    : policy.lookFirst
      ? 'first'
      : undefined;
  let sendError: unknown;
  for (let sends = 0; ; sends++) {
    if (moment && w.lookUp) {
      const found = await lookUp(w, moment, sendError);
      if (found) return adopt(w, found);
    }
    if (sends >= policy.maxSends) throw new UnknownOutcomeError(gaveUpMessage(w, sendError));
    w.beforeSend?.();
    journal.begin(key, step, w.begin);
    let reply: R;
    try {
      reply = await w.send();
    } catch (error) {
      if (!policy.unclear(error)) {
        journal.end(key, step, 'failed', failure(error));
        throw error;
      }
      journal.end(key, step, 'unknown', failure(error));
      sendError = error;
      moment = 'unclear';
      continue;
    }
    const ids = w.idsOf(reply);
    if (w.settle) return w.settle(ids);
    journal.end(key, step, 'succeeded', { ids });
    return ids;
  }
}

/** The lookup; its failure when a send may have been applied leaves the step unknown. */
async function lookUp<R>(
  w: GuardedWrite<R>,
  moment: LookUpMoment,
  sendError: unknown,
): Promise<Found | undefined> {
  try {
    return await w.lookUp?.(moment);
  } catch (error) {
    // Before any send (`first`) nothing can have been applied: a plain failure.
    if (error instanceof UnknownOutcomeError || moment === 'first') throw error;
    const message = w.unchecked
      ? w.unchecked(error, sendError)
      : `The ${w.step} write may have been applied and the check failed (${messageOf(error)}); resume the run to check again.`;
    throw new UnknownOutcomeError(message, { cause: error });
  }
}

function adopt<R>(w: GuardedWrite<R>, found: Found): Promise<RowResultIds> | RowResultIds {
  if (w.settle) return w.settle(found.ids, found);
  w.journal.end(w.key, w.step, 'adopted', { ids: found.ids, message: found.message });
  return found.ids;
}

function gaveUpMessage<R>(w: GuardedWrite<R>, sendError: unknown): string {
  return w.gaveUp
    ? w.gaveUp(sendError)
    : `The ${w.step} write got no clear answer and was not found after it; resume the run to check again.`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The journal's record of a failure: message and vendor code, never a body or a secret. */
/** Runs one idempotent step (an absolute PUT/PATCH: sending it again is safe) with its journal entries. */
export function idempotentWrite(
  journal: Journal,
  key: string,
  step: StepName,
  work: () => Promise<RowResultIds>,
): Promise<RowResultIds> {
  return guardedWrite({ journal, key, step, policy: IDEMPOTENT, send: work, idsOf: (ids) => ids });
}

export function failure(error: unknown): { message: string; code?: string } {
  const message = messageOf(error);
  if (error instanceof ApiError && error.code !== undefined) return { message, code: String(error.code) };
  return { message };
}
