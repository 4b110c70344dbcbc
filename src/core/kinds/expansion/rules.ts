/** The Expansions row's rules no schema can say alone (seeds/003, FACTS 1.8.K). */
import type { RowRecord } from '../../model.ts';
import { add, has, value } from '../../validate/rule-helpers.ts';
import { columnName } from '../../validate/messages.ts';

const RESIZE_FIELDS = [
  'extensionCapacity',
  'concurrentCallCapacity',
  'recordingStatus',
  'recordingCapacity',
  'transcriptionCapacity',
];
const ORDER_FIELDS = [
  'addExtensions',
  'addRecordingMinutes',
  'billingCycle',
  'billingContactId',
  'poNumber',
  'connectionPlanId',
  'extensionServiceId',
  'recordingServiceId',
];

/** An order adds, a resize sets: each needs its own columns and ignores the other's. */
export function expansionRules(r: RowRecord): void {
  const method = value(r, 'method') ?? 'order';
  const [own, other] =
    method === 'resize'
      ? [RESIZE_FIELDS, ORDER_FIELDS]
      : [['addExtensions', 'addRecordingMinutes'], RESIZE_FIELDS];
  if (!own.some((p) => has(r, p))) {
    const names = own.map((p) => `'${columnName(r.kind, p, r.headers)}'`).join(' or ');
    add(
      r,
      own[0] ?? 'method',
      'error',
      `Nothing to ${method === 'resize' ? 'resize' : 'order'}: fill ${names}.`,
    );
  }
  for (const p of other)
    if (has(r, p)) add(r, p, 'warning', `Ignored: this row's method is '${String(method)}'.`);
  if (method !== 'resize' && !has(r, 'billingCycle'))
    add(
      r,
      'billingCycle',
      'error',
      "An order sends the PBX's billing cycle, which an expansion cannot change (seeds/003) and this tool never guesses: fill it with monthly or annually, as the PBX is billed.",
    );
}
