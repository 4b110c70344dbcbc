/** What the dry run resolves a DID Bindings row to (FACTS 1.8.O, seeds/004). */
import type { CustomSipHeaderBinding } from '../../../api/index.ts';
import type { PbxTarget } from '../../engine/planned.ts';

export interface DidAction {
  type: 'did';
  target: PbxTarget;
  trunkId: number;
  didIds: number[];
  /** remove-all: every binding of the PBX removed (an empty trunkDidRelations, FACTS 1.8.O). */
  mode: 'add' | 'replace' | 'remove' | 'remove-all';
  /**
   * The PBX's complete custom SIP header list to send (seeds/004: it replaces all of them; empty =
   * remove all). Absent: the field is left out of the request (the row said 'unchanged', or the
   * firmware is older than 84.22.0.134, where the field has no effect).
   */
  sipHeaders?: CustomSipHeaderBinding[];
}
