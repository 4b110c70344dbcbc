/**
 * The dry run of an order (seeds/003): every id the order will send, established exactly or the
 * row refused with the column to fill. Nothing is guessed and nothing comes from a field the
 * vendors never documented:
 * - SN (`productNo`): the PBX's YCM record (seed 001 `sn`), checked against the Partner Portal's
 *   instance list (seeds/003 step 1); for a PBX this sheet creates, read after its create.
 * - `connectionPlanId`: the sheet's `Connection plan ID`, else the plan of purchase_product_info
 *   (step 2) whose name is the PBX's plan (seed 001 `plan`, or the PBX row's Plan).
 * - `serviceId`s: the sheet's `Extension service ID` / `Recording service ID`, else the one
 *   service of step 2 named for extensions / recording minutes.
 * - `billingId`: the sheet's `Billing contact ID`, else the account's only billing contact (step 3).
 * - `billingCycle`: the sheet's `Billing cycle`, always (an expansion cannot change the cycle and
 *   no documented reply says what it is).
 */
import { keyOf, type Lookups, type PpOffer } from '../../engine/lookups.ts';
import { errorOn, type PbxTarget, type PlannedRow } from '../../engine/planned.ts';
import { columnName } from '../../validate/messages.ts';
import type { OrderIds } from './action.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The ids and cycle the row's order sends, or undefined with an error on the row. */
export async function resolveOrder(
  row: PlannedRow,
  target: PbxTarget,
  lookups: Lookups,
  local: PlannedRow | undefined,
): Promise<OrderIds | undefined> {
  const v = row.record.values;
  const col = (p: string): string => columnName('expansion', p, row.record.headers);
  const existing = 'existing' in target ? target.existing : undefined;
  let sn = existing?.sn;
  if (existing && !sn)
    errorOn(
      row.report,
      undefined,
      `PBX ${existing.cloudPbxId} has no SN in YCM yet, and an order is placed by SN: run again once YCM shows the PBX's SN.`,
    );
  if (sn && !(await lookups.instances()).has(sn)) {
    errorOn(
      row.report,
      undefined,
      `The Partner Portal account (PP_CLIENT_ID) has no Cloud PBX instance with SN ${sn}: check that this PBX was bought through this Partner Portal account.`,
    );
    sn = undefined;
  }
  const planName = existing
    ? String(existing.plan ?? '')
    : local?.action?.type === 'pbx'
      ? String(local.action.body['plan'] ?? '')
      : '';
  const catalogue = await lookups.catalogue();
  const plan = pick(row, col('connectionPlanId'), str(v['connectionPlanId']), catalogue.plans, {
    what: `plan '${planName || '(unknown)'}' of this PBX`,
    matches: (o) => planName !== '' && planKey(o.name) === planKey(planName),
  });
  const extension =
    typeof v['addExtensions'] === 'number'
      ? pick(row, col('extensionServiceId'), str(v['extensionServiceId']), catalogue.services, {
          what: 'extension expansion service',
          matches: (o) => /extension/i.test(o.name) && !/record|transcri|availab/i.test(o.name),
        })
      : undefined;
  const recording =
    typeof v['addRecordingMinutes'] === 'number'
      ? pick(row, col('recordingServiceId'), str(v['recordingServiceId']), catalogue.services, {
          what: 'recording-minutes service',
          matches: (o) => /record/i.test(o.name) && !/transcri/i.test(o.name),
        })
      : undefined;
  const billingId = await billingContact(row, lookups, col('billingContactId'));
  const billingCycle = str(v['billingCycle']);
  if (!billingCycle)
    errorOn(
      row.report,
      col('billingCycle'),
      "Fill 'Billing cycle' with the PBX's current cycle (monthly or annually): an expansion cannot change it (seeds/003), and this tool never guesses it.",
    );
  if (!plan || !billingId || !billingCycle) return undefined;
  if (typeof v['addExtensions'] === 'number' && !extension) return undefined;
  if (typeof v['addRecordingMinutes'] === 'number' && !recording) return undefined;
  const ids: OrderIds = {
    connectionPlanId: plan.id,
    billingId,
    billingCycle,
    ...(extension && { extensionServiceId: extension.id }),
    ...(recording && { recordingServiceId: recording.id }),
  };
  row.report.messages.push({
    level: 'info',
    message: orderSummary(ids, row, sn, plan, extension, recording),
  });
  return ids;
}

/** "Plan" and "plan" words and punctuation aside: 'Enterprise Plan' and 'enterprise' match. */
function planKey(name: string): string {
  return keyOf(name)
    .replace(/\bplan\b/g, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The sheet's id when given (checked against the list when the list has entries), else the one
 * entry of the list that `matches`; an error naming `column` when there is none or more than one.
 */
function pick(
  row: PlannedRow,
  column: string,
  given: string | undefined,
  list: readonly PpOffer[],
  rule: { what: string; matches: (o: PpOffer) => boolean },
): PpOffer | undefined {
  if (given !== undefined) {
    const listed = list.find((o) => o.id === given);
    // A billed order never goes out with an id the portal's own list contradicts.
    if (!listed && list.length > 0) {
      errorOn(
        row.report,
        column,
        `${given} is not among the ids the Partner Portal lists (${list.map((o) => `${o.name || '(no name)'} = ${o.id}`).join('; ')}).`,
      );
      return undefined;
    }
    if (listed?.name && !rule.matches(listed)) {
      errorOn(row.report, column, `${given} is the Partner Portal's '${listed.name}', not the ${rule.what}.`);
      return undefined;
    }
    return listed ?? { id: given, name: '' };
  }
  const found = [...new Map(list.filter(rule.matches).map((o) => [o.id, o])).values()];
  if (found.length === 1) return found[0];
  const listed = list.map((o) => `${o.name || '(no name)'} = ${o.id}`).join('; ');
  errorOn(
    row.report,
    column,
    found.length === 0
      ? `The Partner Portal lists no ${rule.what}${listed ? ` (it lists: ${listed})` : ' (its plan and service list could not be read by name)'}: fill '${column}' with the id to order.`
      : `The Partner Portal lists ${found.length} entries for the ${rule.what} (${found.map((o) => `${o.name} = ${o.id}`).join('; ')}): fill '${column}' with the one to order.`,
  );
  return undefined;
}

async function billingContact(
  row: PlannedRow,
  lookups: Lookups,
  column: string,
): Promise<string | undefined> {
  const contacts = await lookups.billingContacts();
  const wanted = str(row.record.values['billingContactId']);
  if (wanted !== undefined) {
    if (!contacts.some((c) => String(c.billingContactId) === wanted)) {
      errorOn(
        row.report,
        column,
        `The Partner Portal has no billing contact ${wanted}; it has ${contacts.map((c) => String(c.billingContactId)).join(', ') || 'none'}.`,
      );
      return undefined;
    }
    return wanted;
  }
  if (contacts.length === 1 && contacts[0]) return String(contacts[0].billingContactId);
  errorOn(
    row.report,
    column,
    contacts.length === 0
      ? 'The Partner Portal account has no billing contact, and an order needs one to send the invoice to: add one in the Partner Portal, then run again.'
      : `Fill '${column}': the Partner Portal account has ${contacts.length} billing contacts (${contacts.map((c) => `${String(c.billingContactId)}${c.company ? ` ${c.company}` : ''}`).join('; ')}).`,
  );
  return undefined;
}

/** The dry run's line: exactly what the order will send. */
function orderSummary(
  ids: OrderIds,
  row: PlannedRow,
  sn: string | undefined,
  plan: PpOffer,
  extension: PpOffer | undefined,
  recording: PpOffer | undefined,
): string {
  const v = row.record.values;
  const named = (o: PpOffer): string => (o.name ? ` (${o.name})` : '');
  const items = [
    extension && `serviceId ${extension.id}${named(extension)} × ${String(v['addExtensions'])} extensions`,
    recording && `serviceId ${recording.id}${named(recording)} × ${String(v['addRecordingMinutes'])} minutes`,
  ].filter(Boolean);
  return `Order (billed): productNo ${sn ?? "(the new PBX's SN)"}, connectionPlanId ${ids.connectionPlanId}${named(plan)}, ${items.join(', ')}, billingCycle ${ids.billingCycle}, billingId ${ids.billingId}.`;
}
