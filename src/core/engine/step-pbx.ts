/**
 * Create a Cloud PBX, safely (PRODUCT.md, Run): never two PBXs for one row. A create is not
 * retried blindly; after an ambiguous failure (timeout, reset after send) or a crash between
 * "begin" and "end" in the journal, the PBX is looked up by subdomain and adopted if it exists.
 */
import { AmbiguousWriteError, ApiError, type CloudPbx } from '../../api/index.ts';
import type { RowResultIds } from '../../shared/types.ts';
import { keyOf, subDomainOf } from './lookups.ts';
import type { PbxAction, PlannedRow } from './planned.ts';
import {
  UnknownOutcomeError,
  doneBefore,
  interrupted,
  withRequestId,
  type CreatedPbx,
  type StepContext,
} from './step-context.ts';

const MAX_ATTEMPTS = 3;

export async function runPbxStep(row: PlannedRow, a: PbxAction, ctx: StepContext): Promise<RowResultIds> {
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  let ids = doneBefore(ctx, row.key, 'createPbx');
  if (!ids && interrupted(ctx, row.key, 'createPbx')) ids = await adoptExisting(row, a, ctx);
  for (let attempt = 1; !ids && attempt <= MAX_ATTEMPTS; attempt++) {
    ctx.journal.begin(row.key, 'createPbx');
    try {
      const created = await ycm.createCloudPbx(a.body);
      ids = withRequestId({ cloudPbxId: String(created.cloudPbxId) }, created.requestId);
      ctx.journal.end(row.key, 'createPbx', 'succeeded', { ids });
    } catch (error) {
      if (!(error instanceof AmbiguousWriteError)) {
        ctx.journal.end(row.key, 'createPbx', 'failed', failure(error));
        throw error;
      }
      ctx.journal.end(row.key, 'createPbx', 'unknown', failure(error));
      ids = await adoptExisting(row, a, ctx);
    }
  }
  if (!ids)
    throw new UnknownOutcomeError(
      `The create was sent ${MAX_ATTEMPTS} times without a clear answer; check YCM for '${a.subDomain}' before running again.`,
    );
  // The URL is known from the plan; the SN is read for all new PBXs at once after the run
  // (fillPbxDetails), not with one GET per PBX, so a PBX costs one call (bench: calls per PBX).
  const full: RowResultIds = { ...ids, ...(!ids.url && { url: a.url }) };
  const created: CreatedPbx = { cloudPbxId: Number(full.cloudPbxId) };
  if (full.sn) created.sn = full.sn;
  if (full.url) created.url = full.url;
  ctx.created.set(row.key, created);
  return full;
}

/**
 * Reads the SN of every PBX row that has none yet from one paged listing (50 a page, FACTS 1.6)
 * and journals it with the row, so a re-run or a resume reports it without asking YCM again.
 * Best effort: a failed read leaves the SN out of the report, never undoes a create.
 */
export async function fillPbxDetails(rows: readonly PlannedRow[], ctx: StepContext): Promise<void> {
  const missing = rows.filter(
    (r) =>
      r.kind === 'pbx' && r.report.status === 'succeeded' && r.report.ids?.cloudPbxId && !r.report.ids.sn,
  );
  if (missing.length === 0 || !ctx.clients.ycm) return;
  let byId: Map<string, CloudPbx>;
  try {
    byId = new Map((await ctx.clients.ycm.findAllCloudPbxs()).map((p) => [String(p.cloudPbxId), p]));
  } catch {
    return;
  }
  for (const row of missing) {
    const pbx = byId.get(row.report.ids?.cloudPbxId ?? '');
    if (!pbx?.sn) continue;
    const ids: RowResultIds = { ...row.report.ids, sn: pbx.sn, ...(pbx.url && { url: pbx.url }) };
    row.report.ids = ids;
    const outcome = ctx.journal.step(row.key, 'createPbx')?.outcome;
    if (outcome === 'succeeded' || outcome === 'adopted')
      ctx.journal.end(row.key, 'createPbx', outcome, { ids });
  }
}

/** Looks the PBX up by subdomain; adopts it (journal: adopted) or returns undefined when absent. */
async function adoptExisting(
  row: PlannedRow,
  a: PbxAction,
  ctx: StepContext,
): Promise<RowResultIds | undefined> {
  const ycm = ctx.clients.ycm;
  if (!ycm) return undefined;
  let found: CloudPbx | undefined;
  try {
    // Every page: `search` is a substring match, so other PBXs ('sales-east' for 'sales') may
    // fill the first pages; one unread page would send the create again blindly.
    const matches = await ycm.findAllCloudPbxs({ search: a.subDomain });
    found = matches.find((p) => subDomainOf(p) === keyOf(a.subDomain));
  } catch (error) {
    throw new UnknownOutcomeError(
      `The create may have been applied and the check failed (${error instanceof Error ? error.message : String(error)}); resume the run to check again.`,
    );
  }
  if (!found) return undefined;
  if (keyOf(found.name) !== keyOf(a.name)) {
    throw new UnknownOutcomeError(
      `The subdomain '${a.subDomain}' now belongs to PBX '${found.name}', not '${a.name}'; check YCM.`,
    );
  }
  const ids: RowResultIds = {
    cloudPbxId: String(found.cloudPbxId),
    ...(found.sn && { sn: found.sn }),
    ...(found.url && { url: found.url }),
  };
  ctx.journal.end(row.key, 'createPbx', 'adopted', {
    ids,
    message: 'found after an unclear create; adopted',
  });
  return ids;
}

/** The journal's record of a failure: message and vendor code, never a body or a secret. */
export function failure(error: unknown): { message: string; code?: string } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && error.code !== undefined) return { message, code: String(error.code) };
  return { message };
}
