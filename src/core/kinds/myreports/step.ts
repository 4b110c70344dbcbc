/**
 * The MyReports run step: the instance lookup (FACTS 3.4.3) adopts an existing profile instead of
 * duplicating it; enabling it is an idempotent PATCH.
 */
import type { RowResultIds } from '../../../shared/types.ts';
import {
  guardedWrite,
  idempotentWrite,
  lostAnswer,
  UnknownOutcomeError,
  type WritePolicy,
} from '../../engine/guarded-write.ts';
import type { PlannedRow, ProfileAction } from '../../engine/planned.ts';
import { runningPbx } from '../../engine/readiness.ts';
import type { StepContext } from '../../engine/step-context.ts';

/**
 * A profile is looked up by instance before every send (an instance has at most one), and sent
 * again once (at most 2 sends) after an unclear answer the lookup did not find.
 */
const CREATE_PROFILE: WritePolicy = { maxSends: 2, lookFirst: true, unclear: lostAnswer };

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
    await idempotentWrite(
      ctx.journal,
      row.key,
      'enableProfile',
      async () => (await mr.enableProfile(a.customerId, profileId), { profileId }),
    );
  return ids;
}
