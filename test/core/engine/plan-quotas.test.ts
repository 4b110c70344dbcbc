/**
 * Plan (online dry run) against the loopback sandbox, the limits of the account: rows past the
 * subscription's remaining quota, and past 500 extensions a PBX added up over the rows, are
 * invalid. The rest of plan is in plan.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { planWorkbook } from '../../../src/core/engine/index.ts';
import { harness, pbxRow, writeWorkbook, writes } from './engine-helpers.ts';
import { errorsOf, rowOf } from './plan-helpers.ts';

describe('plan quotas', () => {
  it('marks the rows past the remaining extensions invalid, in sheet order', async () => {
    // Fixture PBXs use 30 extensions; 70 remain: three 20-extension rows fit, the fourth does not.
    const h = await harness({ state: (s) => void (s.ycm.subscription.totalExtensions = 100) });
    try {
      const file = await writeWorkbook(h.dir, {
        pbx: [1, 2, 3, 4].map((n) => pbxRow(20 + n, `quota-${n}`, { extensionCapacity: '20' })),
      });
      const plan = await planWorkbook({ file }, { clients: h.clients });
      expect(plan.rows.map((r) => r.report.status)).toEqual(['valid', 'valid', 'valid', 'invalid']);
      expect(errorsOf(plan, 'PBX', 5)).toMatch(
        /Not enough quota left for extensions \(remaining: extensions 10\)/,
      );
      expect(writes(h.sandbox)).toEqual({});
    } finally {
      await h.close();
    }
  });

  it('a row over its quota gets the quota error and not the minimum-extensions warning', async () => {
    const h = await harness({ state: (s) => void (s.ycm.subscription.totalConcurrentCalls = 2) });
    try {
      const file = await writeWorkbook(h.dir, { pbx: [pbxRow(51, 'few-ext', { extensionCapacity: '3' })] });
      const plan = await planWorkbook({ file }, { clients: h.clients });
      const row = rowOf(plan, 'PBX', 2);
      expect(row.report.status).toBe('invalid');
      expect(errorsOf(plan, 'PBX', 2)).toMatch(/Not enough quota left for calls/);
      expect(row.report.messages.map((m) => m.message).join(' ')).not.toMatch(/minimumExtPerPbx/);
    } finally {
      await h.close();
    }
  });

  it('counts ordered extensions against the quota too', async () => {
    // 30 used by the fixtures, 35 in total: 5 left, so an order of 10 does not fit.
    const h = await harness({ state: (s) => void (s.ycm.subscription.totalExtensions = 35) });
    try {
      const file = await writeWorkbook(h.dir, {
        expansion: [
          { 'pbx.subDomain': 'existingco', method: 'order', addExtensions: '10', billingCycle: 'monthly' },
        ],
      });
      const plan = await planWorkbook({ file }, { clients: h.clients });
      expect(plan.rows[0]?.report.status).toBe('invalid');
      expect(errorsOf(plan, 'Expansions', 2)).toMatch(/Not enough quota left for extensions/);
      expect(plan.orders).toBe(0);
    } finally {
      await h.close();
    }
  });
});

describe('plan: 500 extensions a PBX, added up over the rows', () => {
  const order = (ref: Record<string, string>, add: string, cycle = 'monthly') => ({
    ...ref,
    Method: 'order',
    'Add extensions': add,
    'Billing cycle': cycle,
  });

  it('adds the orders for an existing PBX to its current extensions and refuses the row that passes 500', async () => {
    // existingco (PBX 42100) has 20 extensions.
    const h = await harness();
    try {
      const sub = { 'PBX subdomain': 'existingco' };
      const file = await writeWorkbook(h.dir, { expansion: [order(sub, '300'), order(sub, '300')] });
      const plan = await planWorkbook({ file }, { clients: h.clients });
      expect(rowOf(plan, 'Expansions', 2).report.status, errorsOf(plan, 'Expansions', 2)).toBe('valid');
      const second = rowOf(plan, 'Expansions', 3);
      expect(second.report.status).toBe('invalid');
      expect(second.action).toBeUndefined();
      expect(second.report.messages.filter((m) => m.level === 'error')).toEqual([
        {
          column: 'Add extensions',
          level: 'error',
          message:
            "The PBX 'Existing Co' has 20 extensions, 320 after sheet 'Expansions' row 2; adding 300 makes 620, past the limit of 500. Add at most 180 here, or lower the earlier rows.",
        },
      ]);
      expect(plan.orders).toBe(1);
      expect(writes(h.sandbox)).toEqual({});
    } finally {
      await h.close();
    }
  });

  it('counts rows naming one PBX in different ways together, a resize as the new total, and refused rows not at all', async () => {
    const h = await harness();
    try {
      const file = await writeWorkbook(h.dir, {
        expansion: [
          order({ 'PBX subdomain': 'existingco' }, '100'), // 120
          order({ 'Cloud PBX ID': '42100' }, '390'), // 510: refused, not counted
          order({ 'PBX name': 'existing co' }, '380'), // 500
          { 'PBX subdomain': 'existingco', Method: 'resize', 'New extensions': '450' }, // 450
          order({ 'Cloud PBX ID': '42100' }, '51'), // 501: refused
          order({ 'PBX subdomain': 'legacyco' }, '495', 'annually'), // another PBX: 10 + 495
        ],
      });
      const plan = await planWorkbook({ file }, { clients: h.clients });
      const status = (row: number): string => rowOf(plan, 'Expansions', row).report.status;
      expect([2, 3, 4, 5, 6, 7].map(status)).toEqual([
        'valid',
        'invalid',
        'valid',
        'valid',
        'invalid',
        'invalid',
      ]);
      expect(errorsOf(plan, 'Expansions', 3)).toBe(
        "The PBX 'Existing Co' has 20 extensions, 120 after sheet 'Expansions' row 2; adding 390 makes 510, past the limit of 500. Add at most 380 here, or lower the earlier rows.",
      );
      expect(errorsOf(plan, 'Expansions', 6)).toBe(
        "The PBX 'Existing Co' has 20 extensions, 450 after sheet 'Expansions' rows 2, 4, 5; adding 51 makes 501, past the limit of 500. Add at most 50 here, or lower the earlier rows.",
      );
      expect(errorsOf(plan, 'Expansions', 7)).toMatch(
        /^The PBX 'Legacy Co' has 10 extensions; adding 495 makes 505, past the limit of 500\. Add at most 490 here\.$/,
      );
    } finally {
      await h.close();
    }
  });
});
