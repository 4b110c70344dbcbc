/**
 * Messages grouped by cause (the CLI's summaries, the Plan screen): one line for 300 rows that
 * fail for one reason, even when each message names its own row's value.
 */
import { describe, expect, it } from 'vitest';
import { groupMessages } from '../../../src/core/report/message-groups.ts';
import type { ReportRow, RowMessage } from '../../../src/shared/types.ts';

function row(n: number, message: string, column = 'Customer emails'): ReportRow {
  const m: RowMessage = { level: 'error', column, message };
  return { sheet: 'PBX', row: n, kind: 'pbx', status: 'invalid', messages: [m] };
}

describe('groupMessages', () => {
  it('makes one cause of messages that differ only in the value they name, and says which values', () => {
    const rows = Array.from({ length: 300 }, (_, i) =>
      row(
        i + 2,
        `No YCM customer has the email it${i + 1}@customer.example. Create the customer in YCM first.`,
      ),
    );
    const groups = groupMessages(rows, 'error');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.rows).toHaveLength(300);
    expect(groups[0]?.message).toBe(
      'No YCM customer has the email …. Create the customer in YCM first. (it1@customer.example, it2@customer.example, it3@customer.example and 297 more)',
    );
  });

  it('keeps a message that is the same on every row word for word', () => {
    const rows = [2, 3, 4].map((n) => row(n, "'31/12/2027' is not a date; write 2027-12-31.", 'Expiry'));
    const groups = groupMessages(rows, 'error');
    expect(groups.map((g) => [g.message, g.rows])).toEqual([
      ["'31/12/2027' is not a date; write 2027-12-31.", [2, 3, 4]],
    ]);
  });

  it('keeps the parts every message shares, and apart the causes, columns and levels that differ', () => {
    const rows = [
      row(2, 'Recording minutes cannot decrease (FACTS 1.8.K): the PBX has 100.', 'Recording'),
      row(3, 'Recording minutes cannot decrease (FACTS 1.8.K): the PBX has 250.', 'Recording'),
      row(4, "'Gold' is not allowed; use one of 'Basic', 'Pro'.", 'Plan'),
      row(5, "'Gold' is not allowed; use one of 'Basic', 'Pro'.", 'Type'),
      row(6, 'The PBX name is required.', 'Plan'),
    ];
    const groups = groupMessages(rows, 'error');
    expect(groups.map((g) => [g.column, g.message, g.rows])).toEqual([
      ['Recording', 'Recording minutes cannot decrease (FACTS 1.8.K): the PBX has …. (100, 250)', [2, 3]],
      ['Plan', "'Gold' is not allowed; use one of 'Basic', 'Pro'.", [4]],
      ['Type', "'Gold' is not allowed; use one of 'Basic', 'Pro'.", [5]],
      ['Plan', 'The PBX name is required.', [6]],
    ]);
    expect(groupMessages(rows, 'warning')).toEqual([]);
  });
});
