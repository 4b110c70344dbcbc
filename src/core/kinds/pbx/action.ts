/** What the dry run resolves a PBX row to: the create request's body, and what the run reports. */
export interface PbxAction {
  type: 'pbx';
  body: Record<string, unknown>;
  subDomain: string;
  name: string;
  firmware: string;
  /** `<subDomain>.<domain>` (FACTS 1.8.A), known before the create. */
  url: string;
}
