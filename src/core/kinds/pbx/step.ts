/**
 * Create a Cloud PBX, safely (PRODUCT.md, Run): never two PBXs for one row. A create is not
 * retried blindly; after an ambiguous failure (timeout, reset after send) or a crash between
 * "begin" and "end" in the journal, the PBX is looked up by subdomain and adopted if it exists.
 */
import type { CloudPbx, YcmClient } from '../../../api/index.ts';
import type { RowResultIds } from '../../../shared/types.ts';
import {
  guardedWrite,
  lostAnswer,
  UnknownOutcomeError,
  type Found,
  type WritePolicy,
} from '../../engine/guarded-write.ts';
import { keyOf, subDomainOf } from '../../engine/lookups.ts';
import type { PbxAction, PlannedRow } from '../../engine/planned.ts';
import { withRequestId, type CreatedPbx, type StepContext } from '../../engine/step-context.ts';

/** A create is sent again (at most 3 sends) only after an unclear answer the lookup did not find. */
const CREATE_PBX: WritePolicy = { maxSends: 3, lookFirst: false, unclear: lostAnswer };

export async function runPbxStep(row: PlannedRow, a: PbxAction, ctx: StepContext): Promise<RowResultIds> {
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  const ids = await guardedWrite({
    journal: ctx.journal,
    key: row.key,
    step: 'createPbx',
    policy: CREATE_PBX,
    lookUp: () => findCreated(a, ycm),
    send: () => ycm.createCloudPbx(a.body),
    idsOf: (created) => withRequestId({ cloudPbxId: String(created.cloudPbxId) }, created.requestId),
    gaveUp: () =>
      `The create was sent ${CREATE_PBX.maxSends} times without a clear answer; check YCM for '${a.subDomain}' before running again.`,
    unchecked: (check) =>
      `The create may have been applied and the check failed (${check instanceof Error ? check.message : String(check)}); resume the run to check again.`,
  });
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

/** The PBX an unclear create made, looked up by subdomain (undefined when there is none). */
async function findCreated(a: PbxAction, ycm: YcmClient): Promise<Found | undefined> {
  // Every page: `search` is a substring match, so other PBXs ('sales-east' for 'sales') may
  // fill the first pages; one unread page would send the create again blindly.
  const matches = await ycm.findAllCloudPbxs({ search: a.subDomain });
  const found: CloudPbx | undefined = matches.find((p) => subDomainOf(p) === keyOf(a.subDomain));
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
  return { ids, message: 'found after an unclear create; adopted' };
}
