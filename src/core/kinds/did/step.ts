/** The DID Bindings run step: bind a PBX's DIDs (PRODUCT.md, Run). */
import type { TrunkDidRelation } from '../../../api/index.ts';
import type { RowResultIds } from '../../../shared/types.ts';
import { idempotentWrite } from '../../engine/guarded-write.ts';
import type { DidAction, PlannedRow } from '../../engine/planned.ts';
import { runningPbx } from '../../engine/readiness.ts';
import { withRequestId, type StepContext } from '../../engine/step-context.ts';
import { keptDidTrunks } from './did-trunks.ts';

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
  return idempotentWrite(ctx.journal, row.key, 'bindDids', async () => {
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
