/** The Expansions run step: a Partner Portal order (order-step.ts) or a YCM resize (FACTS 1.8.K). */
import type { ResizeBody } from '../../../api/index.ts';
import type { RowResultIds } from '../../../shared/types.ts';
import { idempotentWrite } from '../../engine/guarded-write.ts';
import type { ExpansionAction, PlannedRow } from '../../engine/planned.ts';
import { runningPbx } from '../../engine/readiness.ts';
import { targetPbx, withRequestId, type StepContext } from '../../engine/step-context.ts';
import { order } from './order-step.ts';

export async function runExpansionStep(
  row: PlannedRow,
  a: ExpansionAction,
  ctx: StepContext,
): Promise<RowResultIds> {
  // The order (order-step.ts) and the resize act on the PBX: a new one must be Running first.
  await runningPbx(a.target, ctx);
  return a.method === 'resize' ? resize(row, a, ctx) : order(row, a, ctx);
}

async function resize(row: PlannedRow, a: ExpansionAction, ctx: StepContext): Promise<RowResultIds> {
  const pbx = targetPbx(a.target, ctx);
  const ycm = ctx.clients.ycm;
  if (!ycm) throw new Error('YCM is not configured.');
  return idempotentWrite(ctx.journal, row.key, 'resize', async () => {
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
