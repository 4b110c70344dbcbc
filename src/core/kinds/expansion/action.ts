/** What the dry run resolves an Expansions row to: an order (seeds/003) or a resize (FACTS 1.8.K). */
import type { ResizeBody } from '../../../api/index.ts';
import type { PbxTarget } from '../../engine/planned.ts';

export interface ExpansionAction {
  type: 'expansion';
  target: PbxTarget;
  method: 'order' | 'resize';
  addExtensions?: number;
  addRecordingMinutes?: number;
  /** What the order sends, every id established by the plan (seeds/003); absent for resize. */
  order?: OrderIds;
  poNumber?: string;
  resize?: Partial<ResizeBody>;
}
/** The exact ids and cycle an order sends (digit strings: they exceed 2^53). */
export interface OrderIds {
  connectionPlanId: string;
  extensionServiceId?: string;
  recordingServiceId?: string;
  billingId: string;
  billingCycle: string;
}
