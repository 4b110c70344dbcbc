/** What the dry run resolves a MyReports row to: the profile to create (seeds/002, FACTS 3.4.3). */
import type { MrProfile } from '../../../api/index.ts';
import type { PbxTarget } from '../../engine/planned.ts';

export interface ProfileAction {
  type: 'profile';
  customerId: string;
  profile: MrProfile;
  instanceId: string;
  enable: boolean;
  /** The workbook PBX the row names (`PBX subdomain`): the profile waits until it is Running. */
  pbx?: PbxTarget;
}
