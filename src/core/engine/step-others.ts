/**
 * DID bindings, expansions and MyReports profiles (PRODUCT.md, Run).
 * - DID binding replaces all bindings of a PBX (FACTS 1.8.O): send the union of current and new.
 * - Orders (step-order.ts) cost money: never placed twice.
 * - Profiles: the instance lookup (FACTS 3.4.3) adopts an existing one instead of duplicating it.
 */
import type { ResizeBody, TrunkDidRelation } from '../../api/index.ts';
import type { RowResultIds } from '../../shared/types.ts';
import type { StepName } from '../run/journal.ts';
import {
  guardedWrite,
  IDEMPOTENT,
  lostAnswer,
  UnknownOutcomeError,
  type WritePolicy,
} from './guarded-write.ts';
import type { DidAction, ExpansionAction, PlannedRow, ProfileAction } from './planned.ts';
import { targetPbx, withRequestId, type StepContext } from './step-context.ts';
import { order } from './step-order.ts';
import { keptDidTrunks } from './did-trunks.ts';
import { runningPbx } from './readiness.ts';

/**
 * A profile is looked up by instance before every send (an instance has at most one), and sent
 * again once (at most 2 sends) after an unclear answer the lookup did not find.
 */
const CREATE_PROFILE: WritePolicy = { maxSends: 2, lookFirst: true, unclear: lostAnswer };

/** Runs one idempotent step (absolute PUT/PATCH) with its journal entries. */
function journaled(
  ctx: StepContext,
  key: string,
  step: StepName,
  work: () => Promise<RowResultIds>,
): Promise<RowResultIds> {
  return guardedWrite({
    journal: ctx.journal,
    key,
    step,
    policy: IDEMPOTENT,
    send: work,
    idsOf: (ids) => ids,
  });
}

/**
 * DID Bindings (FACTS 1.8.O, seeds/004). The PUT replaces every binding, so the DIDs the PBX
 * keeps are re-sent, each under the trunk it is bound on: YCM lists only their ids (FACTS 1.8.P),
 * so a DID carried by several trunks is placed on the one of them the PBX is assigned (FACTS
 * 1.8.Q), and the row is refused when that is not exactly one (never re-sent under a guess).
 * Custom SIP headers go out only as the row gives them (resolve-others.ts resolveSipHeaders).
 */
export async function runDidStep(row: PlannedRow, a: DidAction, ctx: StepContext): Promise<RowResultIds> {
  const pbx = await runningPbx(a.target, ctx);
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  return journaled(ctx, row.key, 'bindDids', async () => {
    const byTrunk = new Map<number, Set<number>>();
    const add = (trunkId: number, didId: number): void =>
      void byTrunk.set(trunkId, (byTrunk.get(trunkId) ?? new Set()).add(didId));
    if (a.mode !== 'replace' && a.mode !== 'remove-all') {
      const listed = new Set(a.didIds);
      const kept = (await ycm.getAssignedDids(pbx.cloudPbxId)).filter((id) => !listed.has(id));
      const trunks = await keptDidTrunks(
        kept,
        (id) => ctx.lookups.didById(id),
        () => ycm.getAssignedTrunks(pbx.cloudPbxId),
      );
      for (const [didId, trunkId] of trunks) add(trunkId, didId);
    }
    if (a.mode === 'add' || a.mode === 'replace') for (const didId of a.didIds) add(a.trunkId, didId);
    // Removing every binding: an empty list, as seed 004's request example 2 sends it.
    const relations: TrunkDidRelation[] = [...byTrunk].map(([trunkId, ids]) => ({
      trunkId,
      didIds: [...ids],
    }));
    // seeds/004: a header binding takes effect only for a trunk of trunkDidRelations; one that
    // would be dropped silently is refused instead.
    const idle = (a.sipHeaders ?? []).filter((h) => !byTrunk.has(h.trunkId));
    if (idle.length > 0)
      throw new Error(
        `Custom SIP headers for trunk ${[...new Set(idle.map((h) => h.trunkId))].join(', ')}: this binding leaves no DID of the PBX on that trunk, so YCM would ignore them (seeds/004). Bind a DID on it in this row or drop those headers.`,
      );
    const written = await ycm.updateDidBindings(pbx.cloudPbxId, relations, a.sipHeaders);
    return withRequestId({ cloudPbxId: String(pbx.cloudPbxId) }, written.requestId);
  });
}

export async function runExpansionStep(
  row: PlannedRow,
  a: ExpansionAction,
  ctx: StepContext,
): Promise<RowResultIds> {
  // The order (step-order.ts) and the resize act on the PBX: a new one must be Running first.
  await runningPbx(a.target, ctx);
  return a.method === 'resize' ? resize(row, a, ctx) : order(row, a, ctx);
}

async function resize(row: PlannedRow, a: ExpansionAction, ctx: StepContext): Promise<RowResultIds> {
  const pbx = targetPbx(a.target, ctx);
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  return journaled(ctx, row.key, 'resize', async () => {
    // Resize takes absolute values and all four are required (FACTS 1.8.K): fill from the PBX.
    const current = await ycm.getCloudPbx(pbx.cloudPbxId);
    const want = a.resize ?? {};
    const body: ResizeBody = {
      extensionCapacity: want.extensionCapacity ?? current.extensionCapacity ?? 0,
      concurrentCallCapacity: want.concurrentCallCapacity ?? current.concurrentCallCapacity ?? 0,
      recordingStatus:
        want.recordingStatus ?? (current.recordingStatus === 'Enabled' ? 'Enabled' : 'Disabled'),
      recordingCapacity: want.recordingCapacity ?? current.recordingCapacity ?? 0,
      ...(want.transcriptionCapacity !== undefined && { transcriptionCapacity: want.transcriptionCapacity }),
    };
    if (current.recordingCapacity !== undefined && body.recordingCapacity < current.recordingCapacity) {
      throw new Error(
        `Recording minutes cannot decrease (FACTS 1.8.K): the PBX has ${current.recordingCapacity}.`,
      );
    }
    const written = await ycm.resize(pbx.cloudPbxId, body);
    return withRequestId({ cloudPbxId: String(pbx.cloudPbxId) }, written.requestId);
  });
}

export async function runProfileStep(
  row: PlannedRow,
  a: ProfileAction,
  ctx: StepContext,
): Promise<RowResultIds> {
  const mr = ctx.lookups.mr();
  // A profile that names a PBX of this workbook connects to it: it must be Running first.
  if (!ctx.journal.isDone(row.key, 'createProfile') && a.pbx) await runningPbx(a.pbx, ctx);
  const ids = await guardedWrite({
    journal: ctx.journal,
    key: row.key,
    step: 'createProfile',
    policy: CREATE_PROFILE,
    lookUp: async () => {
      const found = await mr.lookupInstance(a.instanceId);
      return found.exists && found.id
        ? { ids: { profileId: found.id }, message: 'a profile for this instance exists; adopted' }
        : undefined;
    },
    send: () => mr.createProfile(a.customerId, a.profile),
    idsOf: (created) => ({ profileId: created.id }),
    gaveUp: () => 'The profile create got no clear answer twice; resume to check again.',
  });
  if (!ids.profileId)
    throw new UnknownOutcomeError(
      'The journal records this profile as created but not its id; check MyReports for the instance.',
    );
  const profileId = ids.profileId;
  if (a.enable)
    await journaled(
      ctx,
      row.key,
      'enableProfile',
      async () => (await mr.enableProfile(a.customerId, profileId), { profileId }),
    );
  return ids;
}
